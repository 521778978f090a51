"use client";

import { BookOpen, FileUp, Plus } from "lucide-react";
import Link from "next/link";
import { useState } from "react";
import type { TSkillSummary } from "@/lib/registry/skills-store";
import { Badge } from "../ui/badge";
import { Button } from "../ui/button";
import { Card, PageHeader } from "../ui/card";
import { EmptyState } from "../ui/empty-state";
import { Table, Td, Th, Tr } from "../ui/table";
import { Time } from "../ui/time";
import { ImportSkillDialog } from "./import-skill-dialog";
import { LintBadge } from "./lint-badge";
import { NewSkillDialog } from "./new-skill-dialog";

export function SkillsView({ ws, skills, canCreate }: { ws: string; skills: TSkillSummary[]; canCreate: boolean }) {
  const [dialog, setDialog] = useState<"new" | "import" | null>(null);
  const why = canCreate ? undefined : "Curators and above can create and import skills";
  const actions = (suffix = "") => (
    <>
      <Button variant="secondary" data-testid={`import-skill${suffix}`} onClick={() => setDialog("import")} disabled={!canCreate} title={why}>
        <FileUp size={16} /> Import
      </Button>
      <Button data-testid={`new-skill${suffix}`} onClick={() => setDialog("new")} disabled={!canCreate} title={why}>
        <Plus size={16} /> New skill
      </Button>
    </>
  );
  return (
    <>
      <PageHeader title="Skills" description="Agent skills: a SKILL.md with front matter and procedure, plus references/ and scripts/. Runs propose edits to them; publishing makes an immutable version." actions={actions()} />
      {skills.length === 0 ? (
        <EmptyState testId="skills-empty" icon={<BookOpen size={28} />} title="No skills yet" action={canCreate ? <div className="flex gap-2">{actions("-empty")}</div> : undefined}>
          A distillation run can create a skill from a pool, or deepen an existing one. Bring the skill your agent uses today (a folder, a .zip or a single SKILL.md) so runs can improve it.
        </EmptyState>
      ) : (
        <Card>
          <Table>
            <thead>
              <tr>
                <Th>Name</Th>
                <Th>Latest</Th>
                <Th className="text-right">Versions</Th>
                <Th>Lint</Th>
                <Th className="whitespace-nowrap text-right">Finished runs</Th>
                <Th>Updated</Th>
              </tr>
            </thead>
            <tbody>
              {skills.map((s) => (
                <Tr key={s.id} data-testid={`skill-row-${s.name}`}>
                  <Td>
                    <Link href={`/w/${ws}/skills/${encodeURIComponent(s.name)}`} className="font-medium text-slate-900 hover:text-brand-700 hover:underline" data-testid={`skill-link-${s.name}`}>
                      {s.name}
                    </Link>
                    <div className="max-w-md truncate text-xs text-slate-500" title={s.description}>
                      {s.description}
                    </div>
                  </Td>
                  <Td>{s.latestVersion ? <Badge tone="blue">{s.latestVersion}</Badge> : <span className="text-slate-400">no version</span>}</Td>
                  <Td className="text-right tabular-nums">{s.versionCount}</Td>
                  <Td className="whitespace-nowrap">
                    <LintBadge lint={s.lint} testId={`skill-lint-${s.name}`} />
                  </Td>
                  <Td className="text-right tabular-nums">{s.finishedRuns}</Td>
                  <Td className="whitespace-nowrap">
                    <Time iso={s.updatedAt} />
                  </Td>
                </Tr>
              ))}
            </tbody>
          </Table>
        </Card>
      )}
      <NewSkillDialog ws={ws} open={dialog === "new"} onOpenChange={(o) => setDialog(o ? "new" : null)} />
      <ImportSkillDialog ws={ws} open={dialog === "import"} onOpenChange={(o) => setDialog(o ? "import" : null)} />
    </>
  );
}
