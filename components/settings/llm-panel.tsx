import { Badge } from "../ui/badge";
import { Card, CardHeader } from "../ui/card";

type TModels = Record<"analyst" | "mapper" | "merger" | "translator", string | null>;

/** Read-only view of the LLM configuration (set through environment variables, never stored in the database). */
export function LlmPanel({ configured, baseUrl, hasKey, models, concurrency }: { configured: boolean; baseUrl: string | null; hasKey: boolean; models: TModels; concurrency: number }) {
  return (
    <Card data-testid="llm-panel">
      <CardHeader
        title="LLM connection"
        description="Any OpenAI-compatible endpoint: OpenAI, vLLM, Ollama, llama.cpp, OpenRouter. Configured with environment variables on the server."
        actions={configured ? <Badge tone="green">configured</Badge> : <Badge tone="amber">rule-based mode</Badge>}
      />
      <div className="space-y-4 px-5 py-4 text-sm">
        {!configured ? (
          <p className="rounded-md bg-amber-50 px-3 py-2 text-amber-900">
            No LLM is configured, so runs use the built-in rule-based analyst and merger: they work end to end but only find surface patterns. Set <code className="font-mono">OPENAI_BASE_URL</code> and <code className="font-mono">OPENAI_API_KEY</code> (and a model per role) and restart.
          </p>
        ) : null}
        <dl className="grid grid-cols-[10rem_1fr] gap-y-2">
          <dt className="text-slate-500">Base URL</dt>
          <dd className="font-mono text-xs">{baseUrl ?? "https://api.openai.com/v1 (default)"}</dd>
          <dt className="text-slate-500">API key</dt>
          <dd>{hasKey ? "set (hidden)" : "not set"}</dd>
          {Object.entries(models).map(([role, model]) => (
            <div key={role} className="contents">
              <dt className="capitalize text-slate-500">{role} model</dt>
              <dd className="font-mono text-xs">{model ?? "—"}</dd>
            </div>
          ))}
          <dt className="text-slate-500">Concurrency</dt>
          <dd>{concurrency} requests per endpoint</dd>
        </dl>
      </div>
    </Card>
  );
}
