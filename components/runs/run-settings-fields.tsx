"use client";

import { LOW_SUPPORT_POLICIES, LOW_SUPPORT_REFERENCE } from "@/lib/distill/run-config";
import { Card, CardHeader } from "../ui/card";
import { Field, Input, Select } from "../ui/field";

// The numeric settings of a run, kept as strings while typed (an emptied field is not 0).

export type TRunSettings = {
  fanIn: string;
  maxLevels: string;
  minSupport: string;
  lowSupport: (typeof LOW_SUPPORT_POLICIES)[number];
  concurrency: string;
  budgetUsd: string;
  sample: string;
  includeUnknown: boolean;
};

export const DEFAULT_SETTINGS: TRunSettings = { fanIn: "5", maxLevels: "5", minSupport: "2", lowSupport: "reference", concurrency: "16", budgetUsd: "", sample: "", includeUnknown: false };

export function RunSettingsFields({ value, onChange }: { value: TRunSettings; onChange: (v: TRunSettings) => void }) {
  const set = <K extends keyof TRunSettings>(key: K, v: TRunSettings[K]) => onChange({ ...value, [key]: v });
  return (
    <Card>
      <CardHeader title="Merge, support and cost" description="Defaults follow the official Trace2Skill code." />
      <div className="grid gap-4 p-5 md:grid-cols-3">
        <Field label="Fan-in (B)" htmlFor="run-fan-in" hint="Patches merged per node; ⌈log_B N⌉ levels.">
          <Input id="run-fan-in" data-testid="run-fan-in" type="number" min={2} max={64} value={value.fanIn} onChange={(e) => set("fanIn", e.target.value)} required />
        </Field>
        <Field label="Max levels" htmlFor="run-max-levels" hint="Then one forced merge of what is left.">
          <Input id="run-max-levels" data-testid="run-max-levels" type="number" min={1} max={10} value={value.maxLevels} onChange={(e) => set("maxLevels", e.target.value)} required />
        </Field>
        <Field label="Min support" htmlFor="run-min-support" hint="Distinct trajectories an edit must rest on.">
          <Input id="run-min-support" data-testid="run-min-support" type="number" min={1} value={value.minSupport} onChange={(e) => set("minSupport", e.target.value)} required />
        </Field>
        <Field label="Below min support" htmlFor="run-low-support" hint={value.lowSupport === "reference" ? `Routed to ${LOW_SUPPORT_REFERENCE}.` : "Kept out of the skill; still shown for review."}>
          <Select id="run-low-support" data-testid="run-low-support" value={value.lowSupport} onChange={(e) => set("lowSupport", e.target.value as TRunSettings["lowSupport"])}>
            <option value="reference">Route to a reference file</option>
            <option value="hold">Hold back</option>
          </Select>
        </Field>
        <Field label="Concurrency" htmlFor="run-concurrency" hint="LLM calls in flight for this run.">
          <Input id="run-concurrency" data-testid="run-concurrency" type="number" min={1} max={512} value={value.concurrency} onChange={(e) => set("concurrency", e.target.value)} required />
        </Field>
        <Field label="Budget (USD)" htmlFor="run-budget" hint="Stops cleanly at this cost; partial results are kept. Empty: no cap.">
          <Input id="run-budget" data-testid="run-budget" type="number" min={0.01} step={0.01} value={value.budgetUsd} onChange={(e) => set("budgetUsd", e.target.value)} placeholder="no cap" />
        </Field>
        <Field label="Sample" htmlFor="run-sample" hint="Analyse a fixed random sample of this many. Empty: all.">
          <Input id="run-sample" data-testid="run-sample" type="number" min={1} value={value.sample} onChange={(e) => set("sample", e.target.value)} placeholder="all" />
        </Field>
        <label className="flex items-start gap-2 pt-6 text-sm text-slate-700 md:col-span-2">
          <input type="checkbox" data-testid="run-include-unknown" className="mt-0.5" checked={value.includeUnknown} onChange={(e) => set("includeUnknown", e.target.checked)} />
          <span>
            Include trajectories without an outcome label
            <span className="block text-xs text-slate-500">Those that show errors get the error analyst, limited to what the log shows; those without errors are skipped (an unverified success could teach a wrong answer).</span>
          </span>
        </label>
      </div>
    </Card>
  );
}
