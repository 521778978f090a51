import { route } from "@/lib/http/route";
import { ZCreateSkill } from "@/lib/registry/skill-content";
import { createSkill, listSkills } from "@/lib/registry/skills-store";

export const GET = route({
  access: "viewer",
  handler: async ({ access }) => ({ skills: await listSkills(access!.workspace.id) }),
});

export const POST = route({
  access: "curator",
  body: ZCreateSkill,
  status: 201,
  handler: async ({ access, principal, body }) => await createSkill(access!.workspace.id, principal, body),
});
