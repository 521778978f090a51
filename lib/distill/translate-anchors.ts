import { z } from "zod";
import { db } from "../db/client";
import { resolveEditAnchors, type TAnchorStatus } from "../skills/resolve-anchors";
import { runDurableStep } from "./durable-step";
import { loadPrompt, renderPrompt } from "./prompts";
import { forEachLimited, hashOf, type TRunContext } from "./run-context";
import type { TLlmUsage } from "../llm/types";
import type { TRoutedEdit } from "./route-low-support";

// RESOLVE (trace2skill-method.md §1.8 step 1): anchors are matched to the exact text of the base
// file in code first (exact, then normalized whitespace / loose headers). Only what code cannot
// resolve goes to the translator LLM, one durable call per edit, and its answer is checked again
// in code; an anchor that still matches nothing stays "unresolved" and is shown, never guessed.

export type TAnchoredEdit = TRoutedEdit & { anchorStatus: TAnchorStatus | "translated"; anchorReason?: string };

const ZAnchors = z.object({
  target_section: z.string().default(""),
  target_text: z.string().default(""),
  old_text: z.string().default(""),
  after_section: z.string().default(""),
});

const orUndefined = (s: string) => (s.trim() === "" ? undefined : s);

export async function resolveRunAnchors(ctx: TRunContext, edits: TRoutedEdit[]): Promise<TAnchoredEdit[]> {
  const out: TAnchoredEdit[] = edits.map((e) => {
    // Routed low-support edits target a file the run itself creates; they are placed at apply time.
    if (e.routedFrom || e.generated) return { ...e, anchorStatus: "exact" };
    const r = resolveEditAnchors(ctx.base[e.file], e);
    return { ...e, ...r.edit, anchorStatus: r.status, ...(r.reason ? { anchorReason: r.reason } : {}) };
  });
  const llm = ctx.deps.llm;
  if (!llm) return out;
  const todo = out.map((e, i) => ({ e, i })).filter(({ e }) => e.anchorStatus === "unresolved" && ctx.base[e.file] !== undefined);
  const template = loadPrompt("translate");
  await forEachLimited(todo, ctx.lanes, ctx.signal, async ({ e, i }) => {
    const edit = { file: e.file, op: e.op, target_section: e.target_section, target_text: e.target_text, old_text: e.old_text, after_section: e.after_section, content: e.content };
    const key = `translate:${e.id}:${hashOf(edit)}`;
    try {
      let usage: TLlmUsage | undefined;
      const { value } = await runDurableStep(
        ctx.runId,
        key,
        ZAnchors,
        async () => {
          const res = await llm.structured({
            role: "translator",
            schema: ZAnchors,
            schemaName: "anchors",
            messages: renderPrompt(template, { file: e.file, file_content: ctx.base[e.file]!, edit: JSON.stringify(edit, null, 2), reason: e.anchorReason ?? "" }),
            runId: ctx.runId,
            stepKey: key,
            signal: ctx.signal,
          });
          usage = res.usage;
          return res.value;
        },
        { rows: () => ({ usage }) },
      );
      const candidate = { ...edit, target_section: orUndefined(value.target_section), target_text: orUndefined(value.target_text), old_text: orUndefined(value.old_text), after_section: orUndefined(value.after_section) };
      const checked = resolveEditAnchors(ctx.base[e.file], candidate);
      if (checked.status !== "unresolved") out[i] = { ...e, ...checked.edit, anchorStatus: "translated", anchorReason: undefined };
      else out[i] = { ...e, anchorReason: `${e.anchorReason ?? "not found"}; the translator's anchors did not match either` };
    } catch (err) {
      out[i] = { ...e, anchorReason: `${e.anchorReason ?? "not found"}; translation failed: ${err instanceof Error ? err.message : String(err)}` };
    }
  });
  return out;
}
