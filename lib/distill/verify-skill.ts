import { db } from "../db/client";
import { applyEdits } from "../skills/apply";
import { hasLintErrors, lintSkill, type TLintFinding } from "../skills/lint";
import { ZPatch, type TPatchEdit, type TSkillFiles } from "../skills/patch";
import { sanitizeEdits } from "../skills/sanitize";
import { runDurableStep } from "./durable-step";
import { loadPrompt, renderPrompt } from "./prompts";
import { hashOf, type TRunContext } from "./run-context";
import type { TLlmUsage } from "../llm/types";
import { renderSkillFiles } from "./skill-files";

// VERIFY (trace2skill-method.md §1.8 step 5): lint the proposed skill; while it has errors and
// rounds remain, ask the LLM for a minimal fixing patch, sanitize and apply it in code, lint again.
// Stops early when a round fixes nothing. The fix edits become proposal items of their own
// (no trajectory support: they answer the linter, not the evidence), so a curator sees them.

export type TVerifyResult = { files: TSkillFiles; findings: TLintFinding[]; fixes: TPatchEdit[]; rounds: number };

export async function verifySkill(ctx: TRunContext, files: TSkillFiles, skillName: string): Promise<TVerifyResult> {
  let current = files;
  let findings = lintSkill(current, { skillName });
  const fixes: TPatchEdit[] = [];
  const llm = ctx.deps.llm;
  let rounds = 0;
  while (llm && hasLintErrors(findings) && rounds < ctx.config.verifyRounds && !ctx.signal.aborted) {
    rounds++;
    const errors = findings.filter((f) => f.severity === "error");
    const key = `verify:${rounds}:${hashOf({ current, errors })}`;
    let usage: TLlmUsage | undefined;
    const { value: patch } = await runDurableStep(ctx.runId, key, ZPatch, async () => {
      const res = await llm.structured({
        role: "merger",
        schema: ZPatch,
        schemaName: "skill_patch",
        messages: renderPrompt(loadPrompt("verify"), {
          skill_files: renderSkillFiles(current),
          findings: errors.map((f) => `- ${f.file}:${f.line} [${f.rule}] ${f.message}`).join("\n"),
          max_skill_lines: 500,
          max_reference_lines: 300,
        }),
        runId: ctx.runId,
        stepKey: key,
        signal: ctx.signal,
      });
      usage = res.usage;
      return res.value;
    }, { rows: () => ({ usage }) });
    const kept = sanitizeEdits(current, patch.edits).kept.map((k) => k.edit);
    const applied = applyEdits(current, kept, { sameAnchorInserts: "stack" });
    const worked = applied.outcomes.filter((o) => o.status === "applied").map((o) => o.edit);
    if (!worked.length) break;
    fixes.push(...worked);
    current = applied.files;
    findings = lintSkill(current, { skillName });
  }
  return { files: current, findings, fixes, rounds };
}
