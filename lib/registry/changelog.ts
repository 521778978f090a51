import { db } from "../db/client";

// The changelog a publisher starts from: what the decided items added or changed, grouped by file
// and section, each with its support and where it came from. Rejected items are listed too, briefly,
// so a reader of the changelog sees what reviewers turned down and why.

type TItem = { status: string; file: string; section: string; op: string; edit: unknown; editedAfter: string | null; support: number; supportError: number; supportSuccess: number; rejectReason: string | null; flags: unknown };
type TRun = { id: string; pool: { name: string }; baseVersion: { version: string } | null; createSkillName: string | null };

const VERB: Record<string, string> = {
  insert_after: "Added",
  insert_before: "Added",
  append_to_section: "Added",
  add_section: "Added section",
  create: "Added file",
  replace_in_section: "Changed",
  delete_section: "Removed section",
  delete_file: "Removed file",
};

function summary(i: TItem): string {
  const content = i.status === "edited" && i.editedAfter !== null ? i.editedAfter : String((i.edit as { content?: string }).content ?? "");
  const first = content.split("\n").map((l) => l.replace(/^[-*#\s]+/, "").trim()).find(Boolean) ?? "";
  return first.length > 140 ? `${first.slice(0, 137)}…` : first;
}

const support = (i: TItem) => (i.support ? `support ${i.support}: ${i.supportError} failed, ${i.supportSuccess} succeeded` : "format fix, no trajectory support");

export async function buildChangelog(args: { version: string; run: TRun; items: TItem[] }): Promise<string> {
  const analysed = await db().analysis.count({ where: { runId: args.run.id, status: "done" } });
  const chosen = args.items.filter((i) => i.status === "accepted" || i.status === "edited");
  const rejected = args.items.filter((i) => i.status === "rejected");
  const lines = [
    `## ${args.version}`,
    "",
    `Distilled from ${analysed} trajectories of pool "${args.run.pool.name}" (run ${args.run.id})${args.run.baseVersion ? `, deepening ${args.run.baseVersion.version}` : ", created from nothing"}.`,
    "",
  ];
  const byFile = new Map<string, TItem[]>();
  for (const i of chosen) byFile.set(i.file, [...(byFile.get(i.file) ?? []), i]);
  for (const [file, items] of [...byFile.entries()].sort(([a], [b]) => (a === "SKILL.md" ? -1 : b === "SKILL.md" ? 1 : a.localeCompare(b)))) {
    lines.push(`### ${file}`, "");
    for (const i of items) lines.push(`- ${VERB[i.op] ?? "Changed"} in ${i.section}: ${summary(i)} (${support(i)}${i.status === "edited" ? "; edited in review" : ""})`);
    lines.push("");
  }
  if (rejected.length) {
    lines.push(`### Not included`, "");
    for (const i of rejected) lines.push(`- ${i.section} in ${i.file}: ${summary(i)} — rejected${i.rejectReason ? `: ${i.rejectReason}` : ""}`);
    lines.push("");
  }
  return lines.join("\n");
}
