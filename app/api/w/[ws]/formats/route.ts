import { route } from "@/lib/http/route";
import { FORMATS } from "@/lib/traces/registry";

export const GET = route({
  access: "viewer",
  handler: async () => ({ formats: FORMATS.map((f) => ({ id: f.id, label: f.label })) }),
});
