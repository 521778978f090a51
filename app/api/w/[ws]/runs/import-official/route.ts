import { z } from "zod";
import { AppError } from "@/lib/errors";
import { route } from "@/lib/http/route";
import { readArtifactZip } from "@/lib/distill/official-files";
import { importOfficialRun } from "@/lib/distill/official-import";

const MAX_ZIP_BYTES = 64 * 1024 * 1024;

/** Official Trace2Skill artifacts (a .zip of the output folder, sent as the raw body) become a run. */
export const POST = route({
  access: "curator",
  query: z.object({ pool: z.string().min(1), skill: z.string().min(1), fanIn: z.coerce.number().int().min(2).max(64).optional(), minSupport: z.coerce.number().int().min(1).optional() }),
  status: 201,
  handler: async ({ req, access, principal, query }) => {
    const length = Number(req.headers.get("content-length") ?? 0);
    if (length > MAX_ZIP_BYTES) throw new AppError("payload_too_large", "The archive is larger than 64 MB.");
    const bytes = new Uint8Array(await req.arrayBuffer());
    if (bytes.byteLength > MAX_ZIP_BYTES) throw new AppError("payload_too_large", "The archive is larger than 64 MB.");
    if (bytes.byteLength < 4 || bytes[0] !== 0x50 || bytes[1] !== 0x4b) throw new AppError("invalid_input:zip", "Send the artifacts folder as a .zip archive in the request body.");
    return importOfficialRun(access!.workspace.id, principal, { pool: query.pool, skill: query.skill, files: readArtifactZip(bytes), fanIn: query.fanIn, minSupport: query.minSupport });
  },
});
