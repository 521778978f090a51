import { z } from "zod";
import { AppError } from "../errors";
import type { TUploadEntry } from "../skills/skill-folder";
import type { TImportSource } from "./import-skill";
import { isZip, MAX_ZIP_BYTES } from "./read-zip";

// The import endpoint accepts what a browser or a script naturally sends, chosen by Content-Type:
//   application/zip (or octet-stream starting with PK)   the archive as the raw body
//   text/markdown, text/plain (or octet-stream)          a single SKILL.md as the raw body
//   multipart/form-data                                  files whose filenames are relative paths
//                                                        (a folder), or one .zip, or one SKILL.md
//   application/json                                     {files: [{path, content, encoding?}]}
// Raw bodies bypass route()'s 2 MB JSON limit but are capped here, before parsing, at the folder limit.

const JSON_MAX_BYTES = 2 * 1024 * 1024;

export const ZImportJson = z.object({
  files: z
    .array(z.object({ path: z.string().min(1).max(1000), content: z.string(), encoding: z.enum(["utf8", "base64"]).default("utf8") }))
    .min(1, "Send at least one file.")
    .max(1000),
});

export async function readImportRequest(req: Request): Promise<TImportSource> {
  const type = (req.headers.get("content-type") ?? "application/octet-stream").split(";")[0]!.trim().toLowerCase();
  if (type === "application/json") {
    const bytes = await readCapped(req, JSON_MAX_BYTES, "The JSON body is larger than 2 MB; send the folder as a .zip instead.");
    let json: unknown;
    try {
      json = JSON.parse(new TextDecoder().decode(bytes));
    } catch {
      throw new AppError("invalid_input:json", "The request body is not valid JSON.");
    }
    const { files } = ZImportJson.parse(json);
    return { kind: "folder", entries: files.map((f) => ({ path: f.path, data: f.encoding === "base64" ? new Uint8Array(Buffer.from(f.content, "base64")) : f.content })) };
  }
  const bytes = await readCapped(req, MAX_ZIP_BYTES, `The upload is larger than ${Math.round(MAX_ZIP_BYTES / 1024 / 1024)} MB.`);
  if (type === "multipart/form-data") return readMultipart(bytes, req.headers.get("content-type")!);
  if (isZip(bytes)) return { kind: "zip", bytes };
  if (type === "application/zip" || type === "application/x-zip-compressed") throw new AppError("invalid_input:zip", "The upload is not a .zip archive.");
  return { kind: "skill_md", data: bytes };
}

async function readMultipart(bytes: Uint8Array, contentType: string): Promise<TImportSource> {
  let form: FormData;
  try {
    form = await new Response(bytes as BodyInit, { headers: { "content-type": contentType } }).formData();
  } catch {
    throw new AppError("invalid_input:multipart", "The multipart body could not be read.");
  }
  const entries: TUploadEntry[] = [];
  for (const [, value] of form.entries()) {
    if (typeof value === "string") continue;
    entries.push({ path: value.name, data: new Uint8Array(await value.arrayBuffer()) });
  }
  if (entries.length === 0) throw new AppError("invalid_input:multipart", "The form holds no files.");
  if (entries.length === 1) {
    const only = entries[0]!;
    const data = only.data as Uint8Array;
    if (isZip(data)) return { kind: "zip", bytes: data };
    // One markdown file dropped on its own is the skill's SKILL.md, whatever it was called.
    if (!only.path.includes("/") && /\.(md|markdown)$/i.test(only.path)) return { kind: "skill_md", data };
  }
  return { kind: "folder", entries };
}

async function readCapped(req: Request, max: number, message: string): Promise<Uint8Array> {
  if (Number(req.headers.get("content-length") ?? 0) > max) throw new AppError("payload_too_large", message);
  if (!req.body) return new Uint8Array();
  const chunks: Uint8Array[] = [];
  let total = 0;
  const reader = req.body.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > max) {
      await reader.cancel().catch(() => undefined);
      throw new AppError("payload_too_large", message);
    }
    chunks.push(value);
  }
  const out = new Uint8Array(total);
  let at = 0;
  for (const c of chunks) {
    out.set(c, at);
    at += c.byteLength;
  }
  return out;
}
