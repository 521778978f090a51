import { z } from "zod";

export const ZSkillParams = z.object({ ws: z.string(), name: z.string().min(1).max(64) });
/** `version` is a semver number or a dist-tag name such as `latest`. */
export const ZVersionParams = ZSkillParams.extend({ version: z.string().min(1).max(128) });
