import { z } from "zod";
import { listPrompts } from "../distill/prompts";
import { requireRunHeader } from "./lesson-views";

// The prompt templates, read-only (issue 5 item 7): every version on disk with its text, and — for a
// run — which version and hash it recorded, so a reader can tell whether the file changed since.

export const ZPromptView = z.object({
  name: z.string(),
  version: z.string(),
  file: z.string(),
  sha256: z.string(),
  system: z.string(),
  user: z.string(),
  /** Set when a run was asked about: whether it used this version, and whether its hash still matches. */
  usedByRun: z.enum(["same", "changed"]).nullable(),
});
export type TPromptView = z.infer<typeof ZPromptView>;

export const ZPromptCatalog = z.object({
  prompts: z.array(ZPromptView),
  run: z.object({ id: z.string(), versions: z.record(z.string(), z.string()), sha256: z.record(z.string(), z.string()) }).nullable(),
});
export type TPromptCatalog = z.infer<typeof ZPromptCatalog>;

export const ZPromptQuery = z.object({ run: z.string().max(100).optional() });

/** All templates by name then version; with `runId`, marked with what that run recorded. */
export async function listPromptCatalog(workspaceId: string, runId?: string): Promise<TPromptCatalog> {
  const run = runId ? await requireRunHeader(workspaceId, runId) : undefined;
  const prompts = listPrompts()
    .map((t) => {
      const used = run?.promptVersions[t.name] === t.version;
      return { name: t.name, version: t.version, file: t.file, sha256: t.sha256, system: t.system, user: t.user, usedByRun: used ? (run!.promptHashes[t.name] === t.sha256 ? "same" : "changed") : null } as const;
    })
    .sort((a, b) => a.name.localeCompare(b.name) || Number(a.version.slice(1)) - Number(b.version.slice(1)));
  return { prompts, run: run ? { id: run.id, versions: run.promptVersions, sha256: run.promptHashes } : null };
}
