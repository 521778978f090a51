import { z } from "zod";
import { route } from "@/lib/http/route";
import { previewHoldoutSplit, setHoldoutSplit, ZHoldoutRatio, ZSetSplit } from "@/lib/pools/split";

const params = z.object({ ws: z.string(), pool: z.string().min(1) });

// GET ?ratio=0.2 previews what PUT {ratio: 0.2} would do (counts only, nothing changes).
export const GET = route({
  access: "viewer",
  params,
  query: z.object({ ratio: z.coerce.number().pipe(ZHoldoutRatio) }),
  handler: async ({ access, params, query }) => ({ split: await previewHoldoutSplit(access!.workspace.id, params.pool, query.ratio) }),
});

export const PUT = route({
  access: "curator",
  params,
  body: ZSetSplit,
  handler: async ({ access, params, body, principal }) => ({ split: await setHoldoutSplit(access!.workspace.id, params.pool, body.ratio, principal) }),
});
