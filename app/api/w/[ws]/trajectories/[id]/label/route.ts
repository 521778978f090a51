import { z } from "zod";
import { route } from "@/lib/http/route";
import { setTrajectoryLabel, ZLabelChange } from "@/lib/pools/labels";

// Set or override one trajectory's outcome/reward, or `{revert: true}` back to the imported values.
export const PATCH = route({
  access: "curator",
  params: z.object({ ws: z.string(), id: z.string().min(1).max(100) }),
  body: ZLabelChange,
  handler: async ({ access, params, body, principal }) => ({ label: await setTrajectoryLabel(access!.workspace.id, params.id, body, principal) }),
});
