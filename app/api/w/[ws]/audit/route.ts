import { route } from "@/lib/http/route";
import { listAuditEvents, ZAuditQuery } from "@/lib/workspaces/audit-log";

export const GET = route({
  access: "admin",
  query: ZAuditQuery,
  handler: async ({ access, query }) => listAuditEvents(access!.workspace.id, query),
});
