import { z } from "zod";

export const ZRegistryParams = z.object({ ws: z.string().min(1).max(64) });
export const ZRegistrySkillParams = ZRegistryParams.extend({ name: z.string().min(1).max(64) });
/** `ref` is a version number (1.2.0) or a dist-tag (latest, stable). */
export const ZRegistryRefParams = ZRegistrySkillParams.extend({ ref: z.string().min(1).max(128) });
