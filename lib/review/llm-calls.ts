import { z } from "zod";
import type { Prisma } from "../generated/prisma/client";
import { db } from "../db/client";
import { notFound } from "../errors";
import { requireRunHeader } from "./lesson-views";

// The LLM calls a run made (every call is recorded by lib/llm), for the calls page: a keyset-paged
// summary list, and one call with its prompt messages and response for the expanded row.

export const ZCallListQuery = z.object({
  cursor: z.string().max(200).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  /** Prefix of the durable step key, e.g. "analysis:" or "merge:". */
  stepKey: z.string().trim().max(300).optional(),
  role: z.string().trim().max(50).optional(),
  error: z.enum(["only", "none"]).optional(),
});
export type TCallListQuery = z.input<typeof ZCallListQuery>;

export const ZCallSummary = z.object({
  id: z.string(),
  stepKey: z.string().nullable(),
  role: z.string(),
  model: z.string(),
  tokensIn: z.number().int(),
  tokensOut: z.number().int(),
  costUsd: z.number(),
  latencyMs: z.number().int(),
  attempt: z.number().int(),
  error: z.string().nullable(),
  createdAt: z.string(),
});
export type TCallSummary = z.infer<typeof ZCallSummary>;

export const ZCallPage = z.object({ calls: z.array(ZCallSummary), nextCursor: z.string().nullable(), roles: z.array(z.string()) });
export type TCallPage = z.infer<typeof ZCallPage>;

export const ZCallMessage = z.object({ role: z.string(), content: z.string() });
export const ZCallDetail = ZCallSummary.extend({ messages: z.array(ZCallMessage), response: z.string().nullable() });
export type TCallDetail = z.infer<typeof ZCallDetail>;

const encodeCursor = (c: { createdAt: Date; id: string }) => `${c.createdAt.toISOString()}|${c.id}`;

function decodeCursor(cursor: string): { createdAt: Date; id: string } | undefined {
  const [at, id] = cursor.split("|");
  const createdAt = new Date(at);
  return id && !Number.isNaN(createdAt.getTime()) ? { createdAt, id } : undefined;
}

function toSummary(c: { id: string; stepKey: string | null; role: string; model: string; tokensIn: number; tokensOut: number; costUsd: number; latencyMs: number; attempt: number; error: string | null; createdAt: Date }): TCallSummary {
  return { id: c.id, stepKey: c.stepKey, role: c.role, model: c.model, tokensIn: c.tokensIn, tokensOut: c.tokensOut, costUsd: c.costUsd, latencyMs: c.latencyMs, attempt: c.attempt, error: c.error, createdAt: c.createdAt.toISOString() };
}

/** A run's LLM calls in the order they were made, filtered by step key prefix, role and error. */
export async function listRunCalls(workspaceId: string, runId: string, query: TCallListQuery = {}): Promise<TCallPage> {
  const q = ZCallListQuery.parse(query);
  await requireRunHeader(workspaceId, runId);
  const after = q.cursor ? decodeCursor(q.cursor) : undefined;
  const where: Prisma.LlmCallWhereInput = {
    runId,
    ...(q.stepKey ? { stepKey: { startsWith: q.stepKey } } : {}),
    ...(q.role ? { role: q.role } : {}),
    ...(q.error === "only" ? { error: { not: null } } : q.error === "none" ? { error: null } : {}),
    ...(after ? { OR: [{ createdAt: { gt: after.createdAt } }, { createdAt: after.createdAt, id: { gt: after.id } }] } : {}),
  };
  const [rows, roles] = await Promise.all([
    db().llmCall.findMany({ where, orderBy: [{ createdAt: "asc" }, { id: "asc" }], take: q.limit + 1, omit: { prompt: true, response: true } }),
    db().llmCall.findMany({ where: { runId }, distinct: ["role"], select: { role: true }, orderBy: { role: "asc" } }),
  ]);
  const page = rows.slice(0, q.limit);
  return { calls: page.map(toSummary), nextCursor: rows.length > q.limit ? encodeCursor(page[page.length - 1]) : null, roles: roles.map((r) => r.role) };
}

/** Chat messages as recorded; anything unexpected is shown as its JSON text rather than dropped. */
function readMessages(prompt: unknown): { role: string; content: string }[] {
  const list = Array.isArray(prompt) ? prompt : (prompt as { messages?: unknown } | null)?.messages;
  if (!Array.isArray(list)) return [{ role: "prompt", content: JSON.stringify(prompt, null, 2) }];
  return list.map((m) => {
    const parsed = ZCallMessage.safeParse(m);
    return parsed.success ? parsed.data : { role: String((m as { role?: unknown })?.role ?? "message"), content: JSON.stringify((m as { content?: unknown })?.content ?? m, null, 2) };
  });
}

/** One call of the run with its prompt messages and response, as plain text. */
export async function getRunCall(workspaceId: string, runId: string, callId: string): Promise<TCallDetail> {
  await requireRunHeader(workspaceId, runId);
  const c = await db().llmCall.findFirst({ where: { id: callId, runId } });
  if (!c) throw notFound("call", "LLM call in this run");
  return { ...toSummary(c), messages: readMessages(c.prompt), response: c.response };
}
