import { z } from "zod";

// The only module that reads process.env. Everything else asks for `env()`.
// Each variable is documented in .env.example; keep the two in step.

const optionalString = z
  .string()
  .optional()
  .transform((v) => (v === undefined || v.trim() === "" ? undefined : v.trim()));

const bool = (fallback: boolean) =>
  z
    .string()
    .optional()
    .transform((v) => (v === undefined || v === "" ? fallback : ["1", "true", "yes", "on"].includes(v.toLowerCase())));

const ZModelPrices = z.record(z.string(), z.object({ input: z.number().min(0), output: z.number().min(0) }));

const modelPrices = z
  .string()
  .optional()
  .transform((v, ctx): z.infer<typeof ZModelPrices> => {
    if (v === undefined || v.trim() === "") return {};
    let parsed: unknown;
    try {
      parsed = JSON.parse(v);
    } catch {
      parsed = undefined;
    }
    const checked = ZModelPrices.safeParse(parsed);
    if (!checked.success) {
      ctx.addIssue({ code: "custom", message: 'expected JSON like {"model-name": {"input": 0.15, "output": 0.6}} (USD per million tokens)' });
      return z.NEVER;
    }
    return checked.data;
  });

const ZEnv = z.object({
  NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
  DATABASE_URL: optionalString,
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().default("127.0.0.1"),
  T2S_BASE_URL: optionalString,
  T2S_DATA_DIR: z.string().default(".data"),
  T2S_AUTH_SECRET: optionalString,
  T2S_ADMIN_EMAIL: optionalString,
  T2S_ADMIN_PASSWORD: optionalString,
  T2S_ADMIN_NAME: z.string().default("Admin"),
  T2S_SEED_DEMO: bool(true),
  T2S_WORKERS: z.coerce.number().int().min(0).max(32).default(1),
  T2S_WORKER_CONCURRENCY: z.coerce.number().int().min(1).max(256).default(4),
  OPENAI_BASE_URL: optionalString,
  OPENAI_API_KEY: optionalString,
  T2S_MODEL: optionalString,
  T2S_MODEL_ANALYST: optionalString,
  T2S_MODEL_MAPPER: optionalString,
  T2S_MODEL_MERGER: optionalString,
  T2S_MODEL_TRANSLATOR: optionalString,
  T2S_LLM_CONCURRENCY: z.coerce.number().int().min(1).max(1024).default(8),
  T2S_LLM_TIMEOUT_MS: z.coerce.number().int().min(1000).default(120_000),
  T2S_LLM_MAX_RETRIES: z.coerce.number().int().min(0).max(20).default(4),
  T2S_LLM_JSON_SCHEMA: z.enum(["auto", "on", "off"]).default("auto"),
  T2S_PRICE_INPUT_PER_MTOK: z.coerce.number().min(0).default(0),
  T2S_PRICE_OUTPUT_PER_MTOK: z.coerce.number().min(0).default(0),
  T2S_MODEL_PRICES: modelPrices,
  T2S_MASK_SECRETS: bool(true),
  BENCH_DATABASE_URL: optionalString,
});

export type TEnv = z.infer<typeof ZEnv>;

let cached: TEnv | undefined;

export function env(): TEnv {
  if (!cached) {
    const parsed = ZEnv.safeParse(process.env);
    if (!parsed.success) {
      const lines = parsed.error.issues.map((i) => `  ${i.path.join(".")}: ${i.message}`);
      throw new Error(`Invalid environment configuration:\n${lines.join("\n")}`);
    }
    cached = parsed.data;
  }
  return cached;
}

/** Tests and the launcher change variables at run time; they call this afterwards. */
export function resetEnvCache(): void {
  cached = undefined;
}

/** Sets variables for this process and the children it spawns (launcher only). */
export function setEnv(values: Record<string, string | undefined>): void {
  for (const [k, v] of Object.entries(values)) {
    if (v === undefined) delete process.env[k];
    else process.env[k] = v;
  }
  cached = undefined;
}

/** A copy of the environment for a child process, with overrides. */
export function childEnv(overrides: Record<string, string | undefined> = {}): NodeJS.ProcessEnv {
  const out: NodeJS.ProcessEnv = { ...process.env };
  for (const [k, v] of Object.entries(overrides)) {
    if (v === undefined) delete out[k];
    else out[k] = v;
  }
  return out;
}

export function llmConfigured(e: TEnv = env()): boolean {
  return Boolean(e.OPENAI_BASE_URL || e.OPENAI_API_KEY);
}

export function baseUrl(e: TEnv = env()): string {
  return e.T2S_BASE_URL ?? `http://localhost:${e.PORT}`;
}
