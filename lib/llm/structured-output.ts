import { z } from "zod";
import { APIError } from "openai";
import { normalizeBaseUrl } from "./limiter";
import type { TChatMessage } from "./types";

// JSON-schema response formats where the server has them, the schema in the prompt where it does
// not. Older vLLM / llama.cpp / some proxies answer a json_schema response_format with a 400, so in
// "auto" mode the first such answer marks the endpoint and every later call goes straight to the
// prompt form instead of paying a failing request each time.

export type TJsonSchemaMode = "auto" | "on" | "off";

export const REPAIR_PREFIX = "Your previous response could not be parsed; keep content, fix format only: ";
export const CONTINUE_PROMPT =
  "Your previous response was cut off by the length limit. Continue exactly where it stopped: no repetition, no preamble, no code fence unless it was open.";

// Converting a schema costs about a millisecond and a run asks for the same few thousands of
// times; the result is treated as read-only by every caller.
const jsonSchemas = new WeakMap<z.ZodType, Record<string, unknown>>();

export function toJsonSchema(schema: z.ZodType): Record<string, unknown> {
  const hit = jsonSchemas.get(schema);
  if (hit) return hit;
  // "input": the model writes what the schema parses; transforms and the like degrade to "any".
  const json = z.toJSONSchema(schema, { io: "input", unrepresentable: "any" }) as Record<string, unknown>;
  delete json.$schema;
  jsonSchemas.set(schema, json);
  return json;
}

export function buildResponseFormat(name: string, jsonSchema: Record<string, unknown>) {
  // strict: false, because strict mode demands every property be required, which optional fields break.
  return { type: "json_schema" as const, json_schema: { name: sanitizeSchemaName(name), schema: jsonSchema, strict: false } };
}

export function sanitizeSchemaName(name: string): string {
  const clean = name.replace(/[^A-Za-z0-9_-]/g, "_").slice(0, 64);
  return clean === "" ? "answer" : clean;
}

export function buildSchemaInstruction(name: string, jsonSchema: Record<string, unknown>): string {
  return [
    `Answer with exactly one JSON object named "${sanitizeSchemaName(name)}" that conforms to this JSON Schema.`,
    "Put it in a ```json fenced block and write nothing outside the block.",
    "```json",
    JSON.stringify(jsonSchema, null, 2),
    "```",
  ].join("\n");
}

/** The messages with the schema instruction appended to the (last) system message. */
export function addSchemaInstruction(messages: TChatMessage[], instruction: string): TChatMessage[] {
  const lastSystem = messages.map((m) => m.role).lastIndexOf("system");
  if (lastSystem < 0) return [{ role: "system", content: instruction }, ...messages];
  return messages.map((m, i) => (i === lastSystem ? { ...m, content: `${m.content}\n\n${instruction}` } : m));
}

export function buildRepairPrompt(error: string): string {
  return `${REPAIR_PREFIX}${error}\nReply with the corrected JSON object only, e.g. \`\`\`json\n{"key": "value"}\n\`\`\``;
}

/**
 * Whether an error is a server refusing a json_schema response format: "endpoint" when it cannot do
 * them at all, "schema" when it rejects this one schema (OpenAI's "Invalid schema for
 * response_format"), which must not cost the other calls their response format.
 */
export function detectJsonSchemaRejection(e: unknown): "endpoint" | "schema" | undefined {
  if (!(e instanceof APIError) || e.status === undefined) return undefined;
  if (![400, 404, 415, 422, 500, 501].includes(e.status)) return undefined;
  const text = `${e.message} ${JSON.stringify(e.error ?? "")}`;
  if (!/response_format|json_schema|guided_json|structured output/i.test(text)) return undefined;
  return /invalid schema/i.test(text) ? "schema" : "endpoint";
}

const unsupportedEndpoints = new Set<string>();

export function shouldSendJsonSchema(mode: TJsonSchemaMode, baseURL: string): boolean {
  if (mode === "off") return false;
  if (mode === "on") return true;
  return !unsupportedEndpoints.has(normalizeBaseUrl(baseURL));
}

export function rememberJsonSchemaUnsupported(baseURL: string): void {
  unsupportedEndpoints.add(normalizeBaseUrl(baseURL));
}
