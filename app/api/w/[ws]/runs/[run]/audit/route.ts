import { route } from "@/lib/http/route";
import { listRunAudit, ZRunAuditQuery } from "@/lib/review/run-audit";
import { ZRunParams } from "../schema";

// The run's decision log for everyone who reads the run; the workspace-wide log stays admin-only.
export const GET = route({
  access: "viewer",
  params: ZRunParams,
  query: ZRunAuditQuery,
  handler: async ({ access, params, query }) => listRunAudit(access!.workspace.id, params.run, query),
});
