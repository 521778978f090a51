import { z } from "zod";
import { OUTCOMES, STEP_KINDS, STEP_ROLES } from "../../model";
import { toIso } from "../../normalize";

// The two hand-writable line schemas (documented in ../studio-jsonl.md): our own
// `t2s.trajectory.v1`, close to the normalized model in snake_case, and the generic
// `{task_id, query, steps[{reasoning, tool_call, observation}], …}` schema from the Trace2Skill
// method note (§5 item 1).

export const STUDIO_SCHEMA = "t2s.trajectory.v1";

function enumOf<const T extends readonly [string, ...string[]]>(values: T) {
  const expected = values.map((v) => `'${v}'`).join(" | ");
  return z.enum(values, {
    error: (iss) => (iss.input === undefined ? "Required" : `Invalid enum value. Expected ${expected}, received '${String(iss.input)}'`),
  });
}

const ZId = z.union([z.string().min(1), z.number()]).transform(String);
// Validated and normalized in one go: the mapper takes the ISO string as it is (toIso is not cheap,
// and a pool has millions of step timestamps).
const ZTimestamp = z.union([z.string(), z.number()]).transform((v, ctx) => {
  const iso = toIso(v);
  if (iso === undefined) ctx.addIssue({ code: "custom", message: "Not a timestamp (ISO-8601 or unix seconds/ms/ns)", input: v });
  return iso ?? z.NEVER;
});

export const ZStudioTokens = z
  .object({
    input: z.number().int().nonnegative().optional(),
    output: z.number().int().nonnegative().optional(),
    cached: z.number().int().nonnegative().optional(),
    reasoning: z.number().int().nonnegative().optional(),
  })
  .strict();

export const ZStudioStep = z
  .object({
    role: enumOf(STEP_ROLES),
    kind: enumOf(STEP_KINDS).optional(),
    text: z.string().optional(),
    tool_name: z.string().min(1).optional(),
    tool_args: z.union([z.record(z.string(), z.unknown()), z.string()]).optional(),
    tool_call_id: z.string().min(1).optional(),
    is_error: z.boolean().optional(),
    timestamp: ZTimestamp.optional(),
    tokens: ZStudioTokens.optional(),
  })
  .strict()
  .superRefine((s, ctx) => {
    if (s.kind === "tool_call" && !s.tool_name) ctx.addIssue({ code: "custom", path: ["tool_name"], message: "Required when kind is 'tool_call'" });
  });

export const ZStudioLine = z
  .object({
    schema: z.literal(STUDIO_SCHEMA),
    id: ZId,
    task_id: ZId.optional(),
    instruction: z.string(),
    outcome: enumOf(OUTCOMES).optional(),
    reward: z.number().finite().optional(),
    model: z.string().optional(),
    harness: z.string().optional(),
    metadata: z.record(z.string(), z.unknown()).optional(),
    steps: z.array(ZStudioStep),
  })
  .strict();
export type TStudioLine = z.infer<typeof ZStudioLine>;

const ZGenericToolCall = z.union([
  z.string(),
  z
    .object({
      name: z.string().optional(),
      tool: z.string().optional(),
      function: z.string().optional(),
      arguments: z.unknown().optional(),
      args: z.unknown().optional(),
      input: z.unknown().optional(),
      id: z.string().optional(),
    })
    .refine((c) => !!(c.name ?? c.tool ?? c.function), { message: "Tool call needs a name" }),
]);

export const ZGenericLine = z.object({
  id: ZId.optional(),
  task_id: ZId.optional(),
  query: z.string(),
  steps: z.array(
    z.object({
      reasoning: z.string().nullish(),
      tool_call: ZGenericToolCall.nullish(),
      observation: z.unknown().optional(),
      is_error: z.boolean().optional(),
      timestamp: ZTimestamp.optional(),
    }),
  ),
  final_output: z.unknown().optional(),
  // The user's grader result: a label, a pass/fail boolean or a score.
  outcome: z.union([enumOf(OUTCOMES), z.boolean(), z.number().finite()]).nullish(),
  reward: z.number().finite().optional(),
  ground_truth_ref: z.unknown().optional(),
  artifacts: z.array(z.unknown()).optional(),
  model: z.string().optional(),
  harness: z.string().optional(),
  metadata: z.record(z.string(), z.unknown()).optional(),
});
export type TGenericLine = z.infer<typeof ZGenericLine>;

/** Decisive keys of the generic schema: a query, a step list, and one of its result keys. */
export function isGenericShape(v: unknown): boolean {
  if (!v || typeof v !== "object" || Array.isArray(v)) return false;
  const o = v as Record<string, unknown>;
  if (typeof o.query !== "string" || !Array.isArray(o.steps)) return false;
  if (!["task_id", "final_output", "ground_truth_ref", "artifacts"].some((k) => k in o)) return false;
  const first = o.steps[0] as Record<string, unknown> | undefined;
  return !first || (typeof first === "object" && ["reasoning", "tool_call", "observation"].some((k) => k in first));
}

/** `steps[3].role: Invalid enum value…` — the path in the notation a user would write. */
export function formatIssue(issue: z.core.$ZodIssue): { field: string; message: string } {
  const path = issue.code === "unrecognized_keys" ? [...issue.path, issue.keys[0]] : issue.path;
  const field = path.reduce<string>((acc, p) => (typeof p === "number" ? `${acc}[${p}]` : acc ? `${acc}.${String(p)}` : String(p)), "");
  const message = issue.code === "unrecognized_keys" ? "Unrecognized key" : issue.message.replace(/^Invalid input: expected (\w+), received undefined$/, "Required ($1)");
  return { field: field || "(line)", message };
}
