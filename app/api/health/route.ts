import { route } from "@/lib/http/route";
import { checkHealth } from "@/lib/ops/health";

export const dynamic = "force-dynamic";

// 200 while the database answers (status "degraded" if the queue or every worker is missing), 503 when it does not.
export const GET = route({
  access: "public",
  handler: async () => {
    const health = await checkHealth();
    return Response.json(health, { status: health.status === "down" ? 503 : 200, headers: { "Cache-Control": "no-store" } });
  },
});
