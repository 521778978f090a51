import { z } from "zod";

export const ZItemParams = z.object({ ws: z.string(), id: z.string().min(1).max(64) });
export const ZChoose = z.object({ version: z.number().int() });
