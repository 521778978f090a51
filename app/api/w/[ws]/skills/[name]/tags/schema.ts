import { ZTagName } from "@/lib/registry/tags";
import { ZSkillParams } from "../schema";

export const ZTagParams = ZSkillParams.extend({ tag: ZTagName });
