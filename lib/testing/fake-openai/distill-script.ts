import type { TFakeReply, TFakeRequest, TFakeRule, TFakeScript } from "./script";

// Plausible answers for every LLM role of a distillation run, derived from what each request
// shows, so tests, the e2e journey and bench:distill exercise the real pipeline end to end:
// the analyst cites step indices it was shown, the mapper appends to a section of the skill it was
// shown, the merger unites the edits it was shown (naming their ids), the translator copies a real
// header of the file. Deterministic for the same input.

const STEP = /\[step (\d+)\]/g;

function stepsShown(text: string): number[] {
  return [...new Set([...text.matchAll(STEP)].map((m) => Number(m[1])))];
}

function lastUser(req: TFakeRequest): string {
  return [...req.messages].reverse().find((m) => m.role === "user")?.content ?? "";
}

function item(title: string, refs: number[]) {
  return { title, description: `${title} in every run.`, content: `${title}. Check the result before finishing.`, stepRefs: refs.slice(0, 2) };
}

function analyse(req: TFakeRequest): TFakeReply {
  const steps = stepsShown(lastUser(req));
  const refs = steps.length ? [steps[Math.floor(steps.length / 2)]!, steps.at(-1)!] : [0];
  if (req.schemaName === "success_analysis") {
    return { json: { lean_solution_path: { overview: "Read the input, compute, verify.", steps: [{ title: "Compute", description: "Computed the answer.", stepRefs: refs }] }, success_memories: [item("Verify the written cells", refs)] } };
  }
  return { json: { failure_causes: [item("Recalculate formulas after writing", refs)], failure_memories: [item("Read back the output file", refs)] } };
}

function firstHeader(text: string): string {
  const m = /^## .+$/m.exec(text.split("## Current skill folder")[1] ?? text);
  return m ? m[0].trim() : "## Notes";
}

function map(req: TFakeRequest): TFakeReply {
  const text = lastUser(req);
  const instance = /Records from trajectory (\S+)/.exec(text)?.[1] ?? "run";
  const tip = text.includes("Read back") ? "Read back the output file and compare it with the task before finishing." : "Recalculate formulas after writing.";
  return { json: { reasoning: `Lessons of ${instance}.`, edits: [{ file: "SKILL.md", op: "append_to_section", target_section: firstHeader(text), content: `- ${tip}` }], changelog_entries: [tip] } };
}

type TShownEdit = { id: string; content: string; [k: string]: unknown };

function merge(req: TFakeRequest): TFakeReply {
  const text = lastUser(req);
  const edits: TShownEdit[] = [];
  for (const block of text.matchAll(/```json\n([\s\S]*?)\n```/g)) {
    try {
      const parsed = JSON.parse(block[1]!) as unknown;
      if (Array.isArray(parsed)) edits.push(...(parsed as TShownEdit[]).filter((e) => typeof e?.id === "string"));
    } catch {
      // Skill files shown as fenced blocks are not edit lists.
    }
  }
  const byContent = new Map<string, TShownEdit[]>();
  for (const e of edits) byContent.set(e.content, [...(byContent.get(e.content) ?? []), e]);
  const out = [...byContent.values()].map((group) => {
    const { id: _id, support: _s, ...edit } = group[0]!;
    return { ...edit, from: group.map((g) => g.id) };
  });
  return { json: { reasoning: `Merged ${edits.length} edits into ${out.length}.`, edits: out, changelog_entries: out.map((e) => String(e.content)) } };
}

function translate(req: TFakeRequest): TFakeReply {
  const m = /^#{1,6} .+$/m.exec(lastUser(req).split("## The edit")[0] ?? "");
  return { json: { target_section: m ? m[0].trim() : "", target_text: "", old_text: "", after_section: "" } };
}

export function distillRules(): TFakeRule[] {
  return [
    { name: "analyst", match: { role: "analyst" }, reply: analyse },
    { name: "mapper", match: { role: "mapper", schemaName: "skill_patch" }, reply: map },
    { name: "merger", match: { role: "merger", schemaName: "merged_patch" }, reply: merge },
    { name: "verify", match: { role: "merger", schemaName: "skill_patch" }, reply: { json: { reasoning: "Nothing to fix.", edits: [], changelog_entries: [] } } },
    { name: "translator", match: { role: "translator" }, reply: translate },
  ];
}

export function distillScript(extra: Partial<TFakeScript> = {}): TFakeScript {
  return { seed: 1, ...extra, rules: [...(extra.rules ?? []), ...distillRules()] };
}
