import type { Metadata } from "next";
import { BookOpen } from "lucide-react";
import { Badge } from "@/components/ui/badge";
import { Card, PageHeader } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { Table, Td, Th, Tr } from "@/components/ui/table";
import { Time } from "@/components/ui/time";
import { listSkills } from "@/lib/skills/list";
import { requireWorkspace } from "../context";

export const metadata: Metadata = { title: "Skills" };

export default async function SkillsPage({ params }: { params: Promise<{ ws: string }> }) {
  const { ws } = await params;
  const { access } = await requireWorkspace(ws);
  const skills = await listSkills(access.workspace.id);
  return (
    <>
      <PageHeader title="Skills" description="Agent skills: a SKILL.md with front matter and procedure, plus references/ and scripts/. Runs propose edits to them; publishing makes an immutable version." />
      {skills.length === 0 ? (
        <EmptyState testId="skills-empty" icon={<BookOpen size={28} />} title="No skills yet">
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
                <Th className="text-right">Finished runs</Th>
                <Th>Updated</Th>
              </tr>
            </thead>
            <tbody>
              {skills.map((s) => (
                <Tr key={s.id}>
                  <Td>
                    <div className="font-medium text-slate-900">{s.name}</div>
                    <div className="max-w-lg truncate text-xs text-slate-500">{s.description}</div>
                  </Td>
                  <Td>{s.latestVersion ? <Badge tone="blue">{s.latestVersion}</Badge> : <span className="text-slate-400">unpublished</span>}</Td>
                  <Td className="text-right tabular-nums">{s.versionCount}</Td>
                  <Td className="text-right tabular-nums">{s.openProposals}</Td>
                  <Td>
                    <Time iso={s.updatedAt} />
                  </Td>
                </Tr>
              ))}
            </tbody>
          </Table>
        </Card>
      )}
    </>
  );
}
