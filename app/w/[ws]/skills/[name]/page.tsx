import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { SkillDetailView } from "@/components/skills/skill-detail-view";
import { isAppError } from "@/lib/errors";
import { getSkillDetail, getVersionFiles, toSkillFiles } from "@/lib/registry/skills-store";
import { lintSkill } from "@/lib/skills/lint";
import { requireWorkspace } from "../../context";

export async function generateMetadata({ params }: { params: Promise<{ name: string }> }): Promise<Metadata> {
  return { title: decodeURIComponent((await params).name) };
}

export default async function SkillPage({ params, searchParams }: { params: Promise<{ ws: string; name: string }>; searchParams: Promise<{ version?: string }> }) {
  const { ws, name: rawName } = await params;
  const name = decodeURIComponent(rawName);
  const { version: ref = "latest" } = await searchParams;
  const { access } = await requireWorkspace(ws);
  try {
    const skill = await getSkillDetail(access.workspace.id, name);
    const { version, files } = await getVersionFiles(access.workspace.id, name, ref);
    const findings = lintSkill(toSkillFiles(files), { skillName: name });
    return <SkillDetailView ws={ws} skill={skill} version={version} files={files} findings={findings} />;
  } catch (e) {
    if (isAppError(e) && e.kind === "not_found") notFound();
    throw e;
  }
}
