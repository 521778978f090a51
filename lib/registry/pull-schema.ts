import { z } from "zod";

// The manifest the pull API serves, shared by the route, the CLI and tests (no server imports here).

/** `binary` is present (true) only for binary files, so text-only manifests read as they always did. */
export const ZPullFile = z.object({ path: z.string(), sha256: z.string(), size: z.number().int(), binary: z.literal(true).optional() });
export const ZPullManifest = z.object({
  name: z.string(),
  version: z.string(),
  description: z.string(),
  files: z.array(ZPullFile),
  contentHash: z.string(),
  publishedAt: z.string(),
  deprecated: z.string().nullable(),
  tags: z.array(z.string()),
  changelog: z.string(),
  provenance: z.object({
    origin: z.string().nullable(),
    basedOn: z.string().nullable(),
    runId: z.string().nullable(),
    pool: z.object({ name: z.string(), contentHash: z.string().nullable() }).nullable(),
    items: z.record(z.string(), z.number()),
    linesWithProvenance: z.record(z.string(), z.number()),
  }),
});
export type TPullManifest = z.infer<typeof ZPullManifest>;
