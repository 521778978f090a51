import { strToU8, zipSync } from "fflate";
import { z } from "zod";
import { route } from "@/lib/http/route";
import { exportOfficialRun } from "@/lib/distill/official-export";

/** The run in the official Trace2Skill layout, as a .zip the official CLI can continue from. */
export const GET = route({
  access: "viewer",
  params: z.object({ ws: z.string(), run: z.string().min(1) }),
  query: z.object({ format: z.literal("official").default("official") }),
  handler: async ({ access, params }) => {
    const files = await exportOfficialRun(access!.workspace.id, params.run);
    const zip = zipSync(Object.fromEntries(Object.entries(files).map(([p, t]) => [`trace2skill-${params.run}/${p}`, [strToU8(t), { mtime: new Date("2026-01-01T00:00:00Z") }]])));
    return new Response(zip, { headers: { "content-type": "application/zip", "content-disposition": `attachment; filename="trace2skill-${params.run}.zip"` } });
  },
});
