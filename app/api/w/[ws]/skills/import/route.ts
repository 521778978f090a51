import { route } from "@/lib/http/route";
import { importSkill } from "@/lib/registry/import-skill";
import { readImportRequest } from "@/lib/registry/import-request";

// The body is a raw .zip, a raw SKILL.md, multipart files or JSON (lib/registry/import-request.ts),
// so route() does not parse it; readImportRequest caps its size before reading it whole.
export const POST = route({
  access: "curator",
  status: 201,
  handler: async ({ access, principal, req }) => await importSkill(access!.workspace.id, principal, access!.role, await readImportRequest(req)),
});
