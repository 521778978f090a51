import { db } from "../db/client";
import { applyEdits } from "../skills/apply";
import { sanitizeEdits } from "../skills/sanitize";
import { parseFrontMatter } from "../skills/front-matter";
import { buildProposalItems } from "./proposal-items";
import { reconcileItems } from "./reconcile-items";
import { routeLowSupport, type TRoutedEdit } from "./route-low-support";
import type { TRunContext } from "./run-context";
import type { TOutcomeOf, TSourcedPatch } from "./sourced-edit";
import { resolveRunAnchors } from "./translate-anchors";
import { verifySkill } from "./verify-skill";

// Stage 4 of a run: the merged patch becomes a proposal. Min-support routing, RESOLVE, SANITIZE,
// APPLY with conflict detection, LINT and VERIFY, then one ProposalItem per edit. Nothing the
// guardrails remove disappears: the removed edits and why are stored on the run (summary.removed)
// and shown with the proposal.

export type TFinalizeSummary = {
  items: number;
  applied: number;
  skipped: number;
  conflicts: number;
  lowSupport: number;
  removed: { editId: string; code: string; message: string }[];
  lint: { errors: number; warnings: number };
  verifyRounds: number;
  /** Items of an earlier proposal of this run kept with their review, created, removed. */
  reconciled: { kept: number; created: number; removed: number };
};

export async function runFinalizeStage(ctx: TRunContext, finalPatch: TSourcedPatch | null, outcomeOf: TOutcomeOf): Promise<TFinalizeSummary> {
  const routed = routeLowSupport(finalPatch?.edits ?? [], ctx.base, ctx.config, outcomeOf);
  const anchored = await resolveRunAnchors(ctx, routed);
  const sanitized = sanitizeEdits(ctx.base, anchored);
  const keptIdx = new Set(sanitized.kept.map((k) => k.index));
  const kept = anchored.filter((_, i) => keptIdx.has(i)).map((e, k) => ({ ...e, ...sanitized.kept[k]!.edit }));
  const removed = sanitized.dropped.map((d) => ({ editId: anchored[d.index]!.id, code: d.code, message: d.message }));

  // The whole proposal applied (held-back low-support edits excluded), for lint and verify.
  const applyable = kept.filter((e) => !(e.lowSupport && !e.routedFrom && !e.generated && ctx.config.lowSupport === "hold"));
  const applied = applyEdits(ctx.base, kept.map((e) => ({ id: e.id, edit: stripMeta(e) })), { sameAnchorInserts: "stack", only: applyable.map((e) => e.id) });
  const skillName = String(parseFrontMatter(ctx.base["SKILL.md"] ?? "").data.name ?? "");
  const verified = await verifySkill(ctx, applied.files, skillName);
  const findings = verified.findings;

  const drafts = buildProposalItems({ base: ctx.base, edits: kept, verifyFixes: verified.fixes, outcomes: applied.outcomes, findings, outcomeOf, conflictPrefix: ctx.runId });
  const finalRow = finalPatch ? await db().patch.findFirst({ where: { runId: ctx.runId }, orderBy: [{ level: "desc" }, { index: "asc" }], select: { id: true } }) : null;
  // Long proposals are written in one transaction; PGlite serialises anyway and this is one stage.
  const reconciled = await db().$transaction((tx) => reconcileItems(tx, ctx.runId, finalRow?.id ?? null, drafts), { timeout: 120_000 });
  return {
    items: drafts.length,
    applied: applied.outcomes.filter((o) => o.status === "applied").length,
    skipped: applied.outcomes.filter((o) => o.status === "skipped").length,
    conflicts: applied.conflicts.length,
    lowSupport: kept.filter((e) => e.lowSupport).length,
    removed,
    lint: { errors: findings.filter((f) => f.severity === "error").length, warnings: findings.filter((f) => f.severity === "warning").length },
    verifyRounds: verified.rounds,
    reconciled,
  };
}

function stripMeta(e: TRoutedEdit & { anchorStatus?: string; anchorReason?: string }) {
  const { id: _i, trajectoryIds: _t, lessonIds: _l, lowSupport: _s, routedFrom: _r, generated: _g, anchorStatus: _a, anchorReason: _ar, ...edit } = e;
  return edit;
}

