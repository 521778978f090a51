import { z } from "zod";
import { db } from "../db/client";
import { maskTrajectoryForLlm } from "../traces/secrets";
import { runDurableStep } from "./durable-step";
import { loadTrajectory } from "./load-trajectory";
import { buildPoolProfile, type TPoolProfile } from "./rule-features";
import { evolveTrajectoryWhere } from "../pools/split";
import type { TRunContext } from "./run-context";

// The success/failure contrast the rule-based analyst reads (rule-based.md), computed once per run
// over the pool's labelled evolve trajectories and stored as a durable step, so every worker and
// every resume sees the same numbers. Capped at PROFILE_SAMPLE runs per outcome (first by id) to
// bound the time on very large pools; the cap is part of the stored profile's meaning.

export const PROFILE_SAMPLE = 2000;
const PAGE = 100;

const ZProfile = z.custom<TPoolProfile>((v) => typeof v === "object" && v !== null && "features" in v);

function addProfiles(into: TPoolProfile, p: TPoolProfile): void {
  into.successes += p.successes;
  into.failures += p.failures;
  for (const key of ["features", "signatures"] as const) {
    for (const [k, v] of Object.entries(p[key])) {
      const t = (into[key][k] ??= { success: 0, failure: 0 });
      t.success += v.success;
      t.failure += v.failure;
    }
  }
}

export async function loadPoolProfile(ctx: TRunContext): Promise<TPoolProfile> {
  const { value } = await runDurableStep(ctx.runId, "profile", ZProfile, async () => {
    const profile: TPoolProfile = { successes: 0, failures: 0, features: {}, signatures: {} };
    for (const outcome of ["success", "failure"] as const) {
      const ids = await db().trajectory.findMany({ where: { ...evolveTrajectoryWhere(ctx.poolId), outcome }, orderBy: { id: "asc" }, take: PROFILE_SAMPLE, select: { id: true } });
      for (let i = 0; i < ids.length; i += PAGE) {
        const page = await Promise.all(ids.slice(i, i + PAGE).map((r) => loadTrajectory(r.id)));
        addProfiles(profile, buildPoolProfile(page.map((t) => maskTrajectoryForLlm(t, { mask: ctx.maskSecrets }))));
      }
    }
    return profile;
  });
  return value;
}
