import { z } from "zod";

// The normalized trajectory every importer produces, whatever the harness wrote.
// Rules (../shared/trajectory-formats.md): one source record may become several steps, in the order
// thought → message → tool_call…; calls and results pair by id; `outcome` comes only from a grader
// (reward / resolved / score), never from the agent's own "finished".

export const STEP_ROLES = ["system", "user", "assistant", "tool"] as const;
export const STEP_KINDS = ["message", "thought", "tool_call", "tool_result", "error"] as const;
export const OUTCOMES = ["success", "failure", "unknown"] as const;

export const ZTokens = z.object({
  input: z.number().int().nonnegative().default(0),
  output: z.number().int().nonnegative().default(0),
  cached: z.number().int().nonnegative().optional(),
  reasoning: z.number().int().nonnegative().optional(),
});
export type TTokens = z.infer<typeof ZTokens>;

export const ZStep = z.object({
  index: z.number().int().nonnegative(),
  role: z.enum(STEP_ROLES),
  kind: z.enum(STEP_KINDS),
  text: z.string(),
  toolName: z.string().optional(),
  /** Always an object; unparsable JSON arguments are kept as { _raw: "<string>" }. */
  toolArgs: z.record(z.string(), z.unknown()).optional(),
  toolCallId: z.string().optional(),
  isError: z.boolean().optional(),
  /** ISO-8601 UTC. */
  timestamp: z.string().optional(),
  tokens: ZTokens.optional(),
});
export type TStep = z.infer<typeof ZStep>;

export const ZTrajectory = z.object({
  externalId: z.string().min(1),
  taskId: z.string().optional(),
  instruction: z.string(),
  outcome: z.enum(OUTCOMES),
  reward: z.number().optional(),
  model: z.string().optional(),
  /** The agent harness that wrote it (claude-code, openhands, swe-agent, …). */
  harness: z.string(),
  steps: z.array(ZStep),
  tokens: ZTokens,
  metadata: z.record(z.string(), z.unknown()),
});
export type TTrajectory = z.infer<typeof ZTrajectory>;
