import { z } from "zod";
import { AppError } from "@/lib/errors";
import { route } from "@/lib/http/route";
import { applyLabelsFile, MAX_LABELS_FILE_BYTES } from "@/lib/pools/labels-file";

const TOO_LARGE = `A labels file may be at most ${MAX_LABELS_FILE_BYTES / 1024 / 1024} MB.`;

/** The raw request body as UTF-8, refused as soon as it passes the limit. */
async function readBody(req: Request): Promise<string> {
  if (Number(req.headers.get("content-length") ?? 0) > MAX_LABELS_FILE_BYTES) throw new AppError("payload_too_large", TOO_LARGE);
  if (!req.body) return "";
  const decoder = new TextDecoder();
  let size = 0;
  let text = "";
  for await (const chunk of req.body as unknown as AsyncIterable<Uint8Array>) {
    size += chunk.byteLength;
    if (size > MAX_LABELS_FILE_BYTES) throw new AppError("payload_too_large", TOO_LARGE);
    text += decoder.decode(chunk, { stream: true });
  }
  return text + decoder.decode();
}

// The raw body is the labels file: a JSON array or JSONL of {id, outcome?, reward?}.
export const POST = route({
  access: "curator",
  params: z.object({ ws: z.string(), pool: z.string().min(1) }),
  handler: async ({ access, params, req, principal }) => applyLabelsFile(access!.workspace.id, params.pool, await readBody(req), principal),
});
