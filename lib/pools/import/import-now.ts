import { db } from "../../db/client";
import { recordAudit } from "../../audit";
import type { TPrincipal } from "../../auth/principal";
import { createUpload, getUploadReport, type TUploadReport } from "../uploads";
import { runImport } from "./run-import";
import { storeFile } from "./upload-store";

// The same pipeline as a browser upload (store in chunks → runImport), run in this process instead
// of through the job queue: the demo seeder and the command-line import wait for the report, and
// need no worker.

export type TLocalFile = { name: string; data: AsyncIterable<Uint8Array> | Iterable<Uint8Array> };

export async function importNow(
  workspaceId: string,
  poolName: string,
  principal: TPrincipal | undefined,
  files: TLocalFile[],
  opts: { forcedFormat?: string; via?: string } = {},
): Promise<TUploadReport> {
  const upload = await createUpload(workspaceId, poolName, principal, { forcedFormat: opts.forcedFormat });
  let bytes = 0;
  for (const f of files) bytes += (await storeFile(upload.id, f.name, f.data)).size;
  await db().upload.update({ where: { id: upload.id }, data: { status: "processing", fileCount: files.length, bytes: BigInt(bytes) } });
  await recordAudit({ workspaceId, principal, action: "upload.create", entityType: "upload", entityId: upload.id, after: { pool: poolName, files: files.length, via: opts.via } });
  await runImport(upload.id);
  return getUploadReport(workspaceId, upload.id);
}
