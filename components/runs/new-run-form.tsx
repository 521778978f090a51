"use client";

import { useMutation } from "@tanstack/react-query";
import { Bot, Cpu } from "lucide-react";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { toast } from "sonner";
import type { TRunFormOptions } from "@/lib/distill/run-form-options";
import { ANALYST_MIXES, type TCreateRun } from "@/lib/distill/run-config";
import { apiFetch, fieldErrors } from "@/lib/queries/api";
import { Button } from "../ui/button";
import { Card, CardHeader } from "../ui/card";
import { Field, Input, Select, Textarea } from "../ui/field";
import { RunSettingsFields, DEFAULT_SETTINGS, type TRunSettings } from "./run-settings-fields";

// The new-run form: a pool, what to grow (a published skill version, or a new skill), which
// analysts, and the merge / support / cost settings (defaults from the official code). Everything
// is checked again by the API's ZCreateRun; field errors come back keyed by path.

const ANALYST_HELP: Record<(typeof ANALYST_MIXES)[number], { title: string; text: string }> = {
  error: { title: "Error analysts", text: "Failed trajectories only: what went wrong and how to avoid it. The paper finds +Error the most reliable (it helped in every setting)." },
  success: { title: "Success analysts", text: "Successful trajectories only: the lean path that worked. Gains vary more from pool to pool." },
  combined: { title: "Combined", text: "Both: error analysts on failures, success analysts on successes, merged together." },
};

function selectedCount(pool: TRunFormOptions["pools"][number] | undefined, analysts: string, includeUnknown: boolean): number {
  if (!pool) return 0;
  const base = analysts === "error" ? pool.failure : analysts === "success" ? pool.success : pool.failure + pool.success;
  return base + (includeUnknown ? pool.unknown : 0);
}

export function NewRunForm({ ws, options, initialPool }: { ws: string; options: TRunFormOptions; initialPool?: string }) {
  const router = useRouter();
  const [pool, setPool] = useState(initialPool && options.pools.some((p) => p.name === initialPool) ? initialPool : (options.pools[0]?.name ?? ""));
  const [baseKind, setBaseKind] = useState<"deepen" | "create">(options.skills.length ? "deepen" : "create");
  const [skill, setSkill] = useState(options.skills[0]?.name ?? "");
  const [version, setVersion] = useState(options.skills[0]?.latest ?? "");
  const [name, setName] = useState("");
  const [description, setDescription] = useState("");
  const [analysts, setAnalysts] = useState<(typeof ANALYST_MIXES)[number]>("error");
  const [settings, setSettings] = useState<TRunSettings>(DEFAULT_SETTINGS);

  const chosenSkill = options.skills.find((s) => s.name === skill);
  const chosenPool = options.pools.find((p) => p.name === pool);
  const count = selectedCount(chosenPool, analysts, settings.includeUnknown);
  const willAnalyse = settings.sample ? Math.min(count, Number(settings.sample)) : count;

  const create = useMutation({
    mutationFn: () => {
      const body: TCreateRun = {
        pool,
        ...(baseKind === "deepen" ? { skill: version ? `${skill}@${version}` : skill } : { create: { name, description } }),
        config: {
          analysts,
          fanIn: Number(settings.fanIn),
          maxLevels: Number(settings.maxLevels),
          minSupport: Number(settings.minSupport),
          lowSupport: settings.lowSupport,
          concurrency: Number(settings.concurrency),
          includeUnknown: settings.includeUnknown,
          verifyRounds: 3,
          ...(settings.budgetUsd ? { budgetUsd: Number(settings.budgetUsd) } : {}),
          ...(settings.sample ? { sample: Number(settings.sample) } : {}),
        },
      };
      return apiFetch<{ run: { id: string; trajectories: number } }>(`/api/w/${ws}/runs`, { method: "POST", body });
    },
    onSuccess: ({ run }) => {
      toast.success(`Run started over ${run.trajectories} trajectories.`);
      router.push(`/w/${ws}/runs/${run.id}`);
    },
  });
  const errors = fieldErrors(create.error);
  // Settings errors come back under "config"; the form shows them beside the submit button.
  const general = create.error && !errors.pool && !errors.skill && !errors.create ? (errors.config ? `Settings: ${errors.config}` : create.error.message) : undefined;

  return (
    <form
      className="grid gap-5 lg:grid-cols-[minmax(0,1fr)_20rem]"
      onSubmit={(e) => {
        e.preventDefault();
        create.mutate();
      }}
    >
      <div className="space-y-5">
        <Card>
          <CardHeader title="Trajectories and skill" description="Held-out trajectories never enter a run; only the pool's evolve split is analysed." />
          <div className="grid gap-4 p-5 md:grid-cols-2">
            <Field label="Pool" htmlFor="run-pool" error={errors.pool} hint={chosenPool ? `${chosenPool.failure} failures · ${chosenPool.success} successes · ${chosenPool.unknown} unknown (evolve split)` : "Upload a pool first."}>
              <Select id="run-pool" data-testid="run-pool" value={pool} onChange={(e) => setPool(e.target.value)} required>
                {options.pools.map((p) => (
                  <option key={p.name} value={p.name}>
                    {p.name}
                  </option>
                ))}
              </Select>
            </Field>
            <fieldset className="space-y-1">
              <legend className="block text-sm font-medium text-slate-700">Base</legend>
              <div className="flex gap-4 pt-1.5 text-sm">
                <label className="flex items-center gap-1.5">
                  <input type="radio" name="base" data-testid="run-base-deepen" checked={baseKind === "deepen"} disabled={!options.skills.length} onChange={() => setBaseKind("deepen")} /> Deepen a published skill
                </label>
                <label className="flex items-center gap-1.5">
                  <input type="radio" name="base" data-testid="run-base-create" checked={baseKind === "create"} onChange={() => setBaseKind("create")} /> Create a new skill
                </label>
              </div>
            </fieldset>
            {baseKind === "deepen" ? (
              <>
                <Field label="Skill" htmlFor="run-skill" error={errors.skill}>
                  <Select
                    id="run-skill"
                    data-testid="run-skill"
                    value={skill}
                    onChange={(e) => {
                      setSkill(e.target.value);
                      setVersion(options.skills.find((s) => s.name === e.target.value)?.latest ?? "");
                    }}
                  >
                    {options.skills.map((s) => (
                      <option key={s.name} value={s.name}>
                        {s.name}
                      </option>
                    ))}
                  </Select>
                </Field>
                <Field label="Version" htmlFor="run-version" hint="The run proposes edits against this frozen version.">
                  <Select id="run-version" data-testid="run-version" value={version} onChange={(e) => setVersion(e.target.value)}>
                    {chosenSkill?.versions.map((v) => (
                      <option key={v} value={v}>
                        {v}
                        {v === chosenSkill.latest ? " (latest)" : ""}
                      </option>
                    ))}
                  </Select>
                </Field>
              </>
            ) : (
              <>
                <Field label="New skill name" htmlFor="run-create-name" hint="kebab-case, at most 64 characters." error={errors.create}>
                  <Input id="run-create-name" data-testid="run-create-name" value={name} onChange={(e) => setName(e.target.value.toLowerCase())} required maxLength={64} placeholder="spreadsheet-pitfalls" />
                </Field>
                <Field label="Description" htmlFor="run-create-description" hint={`What the skill does and when to use it. ${description.length}/1024, no < or >.`}>
                  <Textarea id="run-create-description" data-testid="run-create-description" rows={2} value={description} onChange={(e) => setDescription(e.target.value)} required maxLength={1024} />
                </Field>
              </>
            )}
          </div>
        </Card>

        <Card>
          <CardHeader title="Analysts" description="One analyst per trajectory, all in parallel; each cites the steps its lessons rest on." />
          <div className="grid gap-3 p-5 md:grid-cols-3" role="radiogroup" aria-label="Analysts">
            {ANALYST_MIXES.map((mix) => (
              <label key={mix} data-testid={`run-analysts-${mix}`} className={`cursor-pointer rounded-md border p-3 text-sm ${analysts === mix ? "border-brand-500 bg-brand-50/50 ring-2 ring-brand-100" : "border-slate-200 hover:bg-slate-50"}`}>
                <span className="flex items-center gap-2 font-medium text-slate-900">
                  <input type="radio" name="analysts" checked={analysts === mix} onChange={() => setAnalysts(mix)} />
                  {ANALYST_HELP[mix].title}
                  {mix === "error" ? <span className="rounded bg-emerald-50 px-1.5 text-xs text-emerald-700">recommended</span> : null}
                </span>
                <span className="mt-1 block text-xs text-slate-600">{ANALYST_HELP[mix].text}</span>
              </label>
            ))}
          </div>
        </Card>

        <RunSettingsFields value={settings} onChange={setSettings} />
      </div>

      <aside className="space-y-4">
        <Card className="p-4" data-testid="run-llm-mode" data-mode={options.llm.configured ? "llm" : "rule-based"}>
          {options.llm.configured ? (
            <p className="flex gap-2 text-sm text-slate-700">
              <Bot size={18} className="mt-0.5 shrink-0 text-brand-600" />
              <span>
                An LLM is configured{options.llm.model ? ` (${options.llm.model})` : ""}: analysts, mappers and mergers call it. Tokens and cost are counted as the run goes.
              </span>
            </p>
          ) : (
            <p className="flex gap-2 text-sm text-slate-700">
              <Cpu size={18} className="mt-0.5 shrink-0 text-amber-600" />
              <span>
                No LLM is configured, so the built-in <strong>rule-based</strong> analyst and merger will run: free and deterministic, but shallower than an LLM. Set OPENAI_BASE_URL / OPENAI_API_KEY to use one.
              </span>
            </p>
          )}
        </Card>
        <Card className="space-y-3 p-4">
          <p className="text-sm text-slate-700" data-testid="run-selection-count">
            <span className="text-2xl font-semibold tabular-nums text-slate-900">{willAnalyse.toLocaleString()}</span> trajectories will be analysed.
          </p>
          {general ? (
            <p role="alert" className="text-sm text-red-600">
              {general}
            </p>
          ) : null}
          <Button type="submit" className="w-full" data-testid="run-submit" disabled={create.isPending || !pool || willAnalyse === 0 || (baseKind === "create" && (!name || !description))}>
            {create.isPending ? "Starting…" : "Start run"}
          </Button>
          {willAnalyse === 0 && pool ? <p className="text-xs text-slate-500">This pool has no trajectories for these analysts. Label outcomes on the pool page, or choose another mix.</p> : null}
        </Card>
      </aside>
    </form>
  );
}
