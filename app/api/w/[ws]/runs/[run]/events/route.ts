import { route } from "@/lib/http/route";
import { findRun } from "@/lib/distill/run-detail";
import { streamRunProgress } from "@/lib/distill/progress-stream";
import { ZRunParams } from "../schema";

export const dynamic = "force-dynamic";

export const GET = route({
  access: "viewer",
  params: ZRunParams,
  handler: async ({ req, access, params }) => {
    await findRun(access!.workspace.id, params.run);
    return new Response(streamRunProgress(params.run, req.signal), {
      headers: { "Content-Type": "text/event-stream; charset=utf-8", "Cache-Control": "no-cache, no-transform", Connection: "keep-alive", "X-Accel-Buffering": "no" },
    });
  },
});
