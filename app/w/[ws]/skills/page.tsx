import type { Metadata } from "next";
import { SkillsView } from "@/components/skills/skills-view";
import { hasRole } from "@/lib/auth/roles";
import { listSkills } from "@/lib/registry/skills-store";
import { requireWorkspace } from "../context";

export const metadata: Metadata = { title: "Skills" };

export default async function SkillsPage({ params }: { params: Promise<{ ws: string }> }) {
  const { ws } = await params;
  const { access } = await requireWorkspace(ws);
  const skills = await listSkills(access.workspace.id);
  return <SkillsView ws={ws} skills={skills} canCreate={hasRole(access.role, "curator")} />;
}
