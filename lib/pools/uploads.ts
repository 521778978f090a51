import { Readable } from "node:stream";
import { z } from "zod";
import { db } from "../db/client";
import { AppError, notFound } from "../errors";
import { recordAudit } from "../audit";
import type { TPrincipal } from "../auth/principal";
import { enqueue } from "../jobs/boss";
import { poolImport } from "../jobs/definitions";
import { formatById } from "../traces/registry";
import { storeFile } from "./import/upload-store";

// An upload is made in three calls so that the browser can show a progress bar per file and a
// retried file replaces its partial copy: create → PUT each file's bytes → complete (queues the import).

export const ZCreateUpload = z.object({ forcedFormat: z.string().max(40).nullable().optional() });

export async function poolByName(workspaceId: string, name: string) {
  const pool = await db().pool.findUnique({ where: { workspaceId_name: { workspaceId, name } } });
  if (!pool) throw notFound("pool");
  return pool;
}

async function uploadInWorkspace(workspaceId: string, uploadId: string) {
  const upload = await db().upload.findFirst({ where: { id: uploadId, pool: { workspaceId } }, include: { pool: { select: { name: true, workspaceId: true } } } });
  if (!upload) throw notFound("upload");
  return upload;
}

/** `principal` undefined: the system itself (demo seeding, the command-line import). */
export async function createUpload(workspaceId: string, poolName: string, principal: TPrincipal | undefined, input: z.infer<typeof ZCreateUpload>) {
  const pool = await poolByName(workspaceId, poolName);
  if (input.forcedFormat && !formatById(input.forcedFormat)) throw new AppError("invalid_input:format", `Unknown format "${input.forcedFormat}".`);
  const upload = await db().upload.create({
    data: { poolId: pool.id, uploadedById: principal?.kind === "user" ? principal.userId : null, forcedFormat: input.forcedFormat ?? null },
  });
  return { id: upload.id, status: upload.status, pool: pool.name };
}

export async function addUploadFile(workspaceId: string, uploadId: string, name: string, body: ReadableStream<Uint8Array> | null) {
  const upload = await uploadInWorkspace(workspaceId, uploadId);
  if (upload.status !== "pending") throw new AppError("conflict:upload", "This upload is already being imported; start a new upload to add files.");
  if (!body) throw new AppError("invalid_input:body", "The request has no file content.");
  const stored = await storeFile(uploadId, name, Readable.fromWeb(body as import("node:stream/web").ReadableStream<Uint8Array>));
  await db().upload.update({ where: { id: uploadId }, data: { fileCount: { increment: 1 }, bytes: { increment: BigInt(stored.size) } } });
  return stored;
}

export async function completeUpload(workspaceId: string, uploadId: string, principal: TPrincipal) {
  const upload = await uploadInWorkspace(workspaceId, uploadId);
  if (upload.status !== "pending") return { id: upload.id, status: upload.status };
  const files = await db().uploadFile.count({ where: { uploadId } });
  if (!files) throw new AppError("invalid_input:files", "Add at least one file before starting the import.");
  const updated = await db().upload.updateMany({ where: { id: uploadId, status: "pending" }, data: { status: "processing" } });
  if (updated.count) await enqueue(poolImport, { uploadId }, { singletonKey: uploadId });
  await recordAudit({ workspaceId, principal, action: "upload.create", entityType: "upload", entityId: uploadId, after: { pool: upload.pool.name, files } });
  return { id: upload.id, status: "processing" as const };
}

export type TUploadReport = Awaited<ReturnType<typeof getUploadReport>>;

export async function getUploadReport(workspaceId: string, uploadId: string) {
  const upload = await uploadInWorkspace(workspaceId, uploadId);
  const files = await db().uploadFile.findMany({
    where: { uploadId },
    orderBy: { name: "asc" },
    select: { id: true, name: true, archive: true, size: true, format: true, status: true, imported: true, duplicates: true, rejected: true, issues: true, note: true },
  });
  return {
    id: upload.id,
    pool: upload.pool.name,
    status: upload.status,
    forcedFormat: upload.forcedFormat,
    fileCount: upload.fileCount,
    bytes: Number(upload.bytes),
    imported: upload.imported,
    duplicates: upload.duplicates,
    rejected: upload.rejected,
    error: upload.error,
    createdAt: upload.createdAt.toISOString(),
    finishedAt: upload.finishedAt?.toISOString() ?? null,
    files: files.map((f) => ({ ...f, size: Number(f.size), issues: f.issues as { file: string; line?: number; record?: string; field?: string; reason: string }[] })),
  };
}

export async function listUploads(workspaceId: string, poolName: string) {
  const pool = await poolByName(workspaceId, poolName);
  const uploads = await db().upload.findMany({ where: { poolId: pool.id }, orderBy: { createdAt: "desc" }, take: 50 });
  return uploads.map((u) => ({ id: u.id, status: u.status, fileCount: u.fileCount, bytes: Number(u.bytes), imported: u.imported, duplicates: u.duplicates, rejected: u.rejected, createdAt: u.createdAt.toISOString(), finishedAt: u.finishedAt?.toISOString() ?? null }));
}
