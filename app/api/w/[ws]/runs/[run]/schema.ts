import { z } from "zod";

export const ZRunParams = z.object({ ws: z.string(), run: z.string().min(1).max(64) });
