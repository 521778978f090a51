import semver from "semver";
import { z } from "zod";
import type { TPrincipal } from "../auth/principal";
import { db } from "../db/client";
import { AppError } from "../errors";
import { hasLintErrors } from "../skills/lint";
import { loadBaseSkill } from "../distill/run-context";
import { parseFrontMatter } from "../skills/front-matter";
import { previewFiles } from "../review/preview";
import { buildChangelog } from "./changelog";
import { saveSkillVersion, type TSavedVersion } from "./save-version";
import { buildProvenance } from "./provenance";
import { loadVersionBinaries } from "./skills-store";

// A publisher turns a reviewed proposal into a new immutable version: the base version with the
// accepted and edited items applied, a changelog drafted from the decided items (editable), and a
// manifest that lets anyone trace every published line back to the items, lessons and trajectories
// behind it. Refused while items are undecided (unless skipped on purpose), while lint finds errors,
// and when the content equals an existing version (saveSkillVersion points at it).

export const BUMPS = ["major", "minor", "patch"] as const;

export const ZPublish = z.object({
  bump: z.enum(BUMPS).default("minor"),
  changelog: z.string().max(100_000).optional(),
  /** Publish although items are still pending (they are left out, and the manifest says so). */
  skipPending: z.boolean().default(false),
});
export type TPublish = z.infer<typeof ZPublish>;

async function loadPublishable(workspaceId: string, runId: string) {
  const run = await db().distillRun.findFirst({ where: { id: runId, workspaceId }, include: { pool: { select: { name: true } }, baseVersion: { select: { version: true } } } });
  if (!run) throw new AppError("not_found:run", "No such run.");
  if (run.status !== "succeeded") throw new AppError("conflict:run_not_finished", "Only a finished run's proposal can be published.");
  const items = await db().proposalItem.findMany({ where: { runId }, orderBy: { position: "asc" } });
  const { files: base } = await loadBaseSkill(run);
  const skillName = run.createSkillName ?? String(parseFrontMatter(base["SKILL.md"] ?? "").data.name ?? "");
  const skill = run.skillId ? await db().skill.findUnique({ where: { id: run.skillId } }) : await db().skill.findUnique({ where: { workspaceId_name: { workspaceId, name: skillName } } });
  const existing = skill ? (await db().skillVersion.findMany({ where: { skillId: skill.id }, select: { version: true } })).map((v) => v.version) : [];
  const preview = previewFiles(base, items, skillName || undefined);
  return { run, items, base, skill, skillName, existing, preview };
}

function nextVersion(existing: string[], bump: TPublish["bump"]): string {
  const highest = existing.filter((v) => semver.valid(v)).sort(semver.rcompare)[0] ?? "0.0.0";
  return semver.inc(highest, bump)!;
}

/** What the publish dialog shows before anything is written. */
export async function draftPublish(workspaceId: string, runId: string, bump: TPublish["bump"] = "minor") {
  const p = await loadPublishable(workspaceId, runId);
  const decided = p.items.filter((i) => i.status !== "pending");
  return {
    skill: p.skillName,
    baseVersion: p.run.baseVersion?.version ?? null,
    versions: Object.fromEntries(BUMPS.map((b) => [b, nextVersion(p.existing, b)])) as Record<TPublish["bump"], string>,
    version: nextVersion(p.existing, bump),
    changelog: await buildChangelog({ version: nextVersion(p.existing, bump), run: p.run, items: decided }),
    pending: p.items.filter((i) => i.status === "pending").length,
    counts: { accepted: p.items.filter((i) => i.status === "accepted").length, edited: p.items.filter((i) => i.status === "edited").length, rejected: p.items.filter((i) => i.status === "rejected").length },
    lint: p.preview.lint,
    diff: p.preview.diff,
    conflicts: p.preview.conflicts.length,
  };
}

export async function publishRun(workspaceId: string, runId: string, input: TPublish, principal: TPrincipal | undefined): Promise<TSavedVersion & { skill: string }> {
  const p = await loadPublishable(workspaceId, runId);
  const pending = p.items.filter((i) => i.status === "pending").length;
  if (pending && !input.skipPending) throw new AppError("conflict:items_pending", `${pending} items are still pending. Decide them, or publish without them.`, { details: { pending } });
  if (!p.items.some((i) => i.status === "accepted" || i.status === "edited")) throw new AppError("invalid_input:nothing_accepted", "No item is accepted: the new version would equal its base.");
  if (p.preview.conflicts.length) throw new AppError("conflict:items_conflict", "Accepted items still conflict with each other; choose one of each conflict group first.");
  if (hasLintErrors(p.preview.lint)) {
    throw new AppError("invalid_input:lint", "The proposed skill has lint errors; fix them (edit or reject items) before publishing.", { details: { lint: p.preview.lint.filter((f) => f.severity === "error") } });
  }
  const skill =
    p.skill ??
    (await db().skill.create({ data: { workspaceId, name: p.skillName, description: String(parseFrontMatter(p.preview.files["SKILL.md"] ?? "").data.description ?? ""), createdById: principal?.kind === "user" ? principal.userId : null } }));
  const version = nextVersion(p.existing, input.bump);
  const decided = p.items.filter((i) => i.status !== "pending");
  // The base's binary files go on unchanged, unless an accepted edit wrote a text file in the same place.
  const baseBinaries = p.run.baseVersionId ? await loadVersionBinaries(p.run.baseVersionId) : {};
  const binaries = Object.fromEntries(Object.entries(baseBinaries).filter(([path]) => p.preview.files[path] === undefined));
  const reviewers = await db().user.findMany({ where: { id: { in: [...new Set(decided.map((i) => i.decidedById).filter((x): x is string => Boolean(x)))] } }, select: { id: true, email: true } });
  const byId = new Map(reviewers.map((u) => [u.id, u.email]));
  const saved = await saveSkillVersion({ id: skill.id, name: skill.name, workspaceId }, principal, {
    version,
    files: p.preview.files,
    binaries,
    changelog: input.changelog ?? (await buildChangelog({ version, run: p.run, items: decided })),
    lint: p.preview.lint,
    origin: {
      kind: "published",
      basedOn: p.run.baseVersion?.version ?? null,
      run: { id: p.run.id, config: p.run.config, models: p.run.models, promptVersions: p.run.promptVersions, pool: { name: p.run.pool.name, contentHash: p.run.poolContentHash } },
      items: p.items.map((i) => ({
        id: i.id,
        editId: i.editId,
        file: i.file,
        section: i.section,
        op: i.op,
        status: i.status,
        reviewer: i.decidedById ? (byId.get(i.decidedById) ?? i.decidedById) : null,
        decidedAt: i.decidedAt?.toISOString() ?? null,
        rejectReason: i.rejectReason,
        support: i.support,
        supportError: i.supportError,
        supportSuccess: i.supportSuccess,
        sourceTrajectoryIds: i.sourceTrajectoryIds,
        sourceLessonIds: i.sourceLessonIds,
      })),
      skippedPending: pending,
      provenance: buildProvenance(p.preview.outcomes),
      lintFindings: p.preview.lint,
    },
  });
  await db().skillVersion.update({ where: { id: saved.id }, data: { runId: p.run.id } });
  return { ...saved, skill: skill.name };
}
