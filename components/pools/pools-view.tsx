"use client";

import { useMutation } from "@tanstack/react-query";
import { Database, Plus } from "lucide-react";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { toast } from "sonner";
import { apiFetch, fieldErrors } from "@/lib/queries/api";
import type { TPoolSummary } from "@/lib/pools/pools";
import { Badge } from "../ui/badge";
import { Button } from "../ui/button";
import { Card } from "../ui/card";
import { PageHeader } from "../ui/card";
import { Dialog } from "../ui/dialog";
import { EmptyState } from "../ui/empty-state";
import { Field, Input, Textarea } from "../ui/field";
import { Table, Td, Th, Tr } from "../ui/table";
import { Time } from "../ui/time";

function successRate(p: TPoolSummary): string {
  const graded = p.success + p.failure;
  return graded ? `${Math.round((100 * p.success) / graded)}%` : "—";
}

export function PoolsView({ ws, pools, canCreate }: { ws: string; pools: TPoolSummary[]; canCreate: boolean }) {
  const [open, setOpen] = useState(false);
  const newButton = (testId: string) => (
    <Button data-testid={testId} onClick={() => setOpen(true)} disabled={!canCreate} title={canCreate ? undefined : "Curators and above can create pools"}>
      <Plus size={16} /> New pool
    </Button>
  );
  return (
    <>
      <PageHeader title="Pools" description="A pool is a set of agent trajectories, your agent's runs on many tasks, graded as success or failure. Distillation runs learn from a pool." actions={newButton("new-pool")} />
      {pools.length === 0 ? (
        <EmptyState testId="pools-empty" icon={<Database size={28} />} title="No trajectory pools yet" action={canCreate ? newButton("new-pool-empty") : undefined}>
          Create a pool, then upload the trace files your agent harness writes: Claude Code sessions, OpenAI or Anthropic message logs, ATIF, SWE-agent, OpenHands, Inspect, LangSmith, OpenTelemetry and more.
          {canCreate ? null : " Ask a curator or admin to create one."}
        </EmptyState>
      ) : (
        <Card>
          <Table>
            <thead>
              <tr>
                <Th>Name</Th>
                <Th className="text-right">Trajectories</Th>
                <Th>Outcomes</Th>
                <Th className="text-right">Success rate</Th>
                <Th>Last upload</Th>
              </tr>
            </thead>
            <tbody>
              {pools.map((p) => (
                <Tr key={p.id} data-testid={`pool-row-${p.name}`}>
                  <Td>
                    <Link href={`/w/${ws}/pools/${encodeURIComponent(p.name)}`} className="font-medium text-slate-900 hover:text-brand-700 hover:underline" data-testid={`pool-link-${p.name}`}>
                      {p.name}
                    </Link>
                    {p.description ? <div className="max-w-md truncate text-xs text-slate-500">{p.description}</div> : null}
                  </Td>
                  <Td className="text-right tabular-nums">{p.trajectoryCount.toLocaleString()}</Td>
                  <Td>
                    <div className="flex gap-1.5">
                      <Badge tone="green">{p.success} success</Badge>
                      <Badge tone="red">{p.failure} failure</Badge>
                      <Badge>{p.unknown} unknown</Badge>
                    </div>
                  </Td>
                  <Td className="text-right tabular-nums">{successRate(p)}</Td>
                  <Td>{p.lastUploadAt ? <Time iso={p.lastUploadAt} /> : <span className="text-slate-400">no uploads yet</span>}</Td>
                </Tr>
              ))}
            </tbody>
          </Table>
        </Card>
      )}
      <NewPoolDialog ws={ws} open={open} onOpenChange={setOpen} />
    </>
  );
}

function NewPoolDialog({ ws, open, onOpenChange }: { ws: string; open: boolean; onOpenChange: (o: boolean) => void }) {
  const router = useRouter();
  const [name, setName] = useState("");
  const [description, setDescription] = useState("");
  const create = useMutation({
    mutationFn: () => apiFetch<{ pool: TPoolSummary }>(`/api/w/${ws}/pools`, { method: "POST", body: { name, description } }),
    onSuccess: ({ pool }) => {
      toast.success(`Created pool ${pool.name}.`);
      onOpenChange(false);
      setName("");
      setDescription("");
      router.refresh();
    },
  });
  const errors = fieldErrors(create.error);
  return (
    <Dialog open={open} onOpenChange={onOpenChange} title="New pool" description="Name it after the agent and task set, e.g. xlsx-agent-2026-11." testId="new-pool-dialog">
      <form
        className="space-y-4"
        onSubmit={(e) => {
          e.preventDefault();
          create.mutate();
        }}
      >
        <Field label="Name" htmlFor="pool-name" hint="Letters, digits, dots, dashes, underscores; used on the command line." error={errors.name ?? (create.error && !Object.keys(errors).length ? create.error.message : undefined)}>
          <Input id="pool-name" data-testid="pool-name" value={name} onChange={(e) => setName(e.target.value)} required autoFocus maxLength={64} />
        </Field>
        <Field label="Description" htmlFor="pool-description" error={errors.description}>
          <Textarea id="pool-description" data-testid="pool-description" rows={3} value={description} onChange={(e) => setDescription(e.target.value)} maxLength={2000} />
        </Field>
        <div className="flex justify-end gap-2">
          <Button variant="secondary" onClick={() => onOpenChange(false)}>
            Cancel
          </Button>
          <Button type="submit" data-testid="pool-create-submit" disabled={create.isPending || !name.trim()}>
            {create.isPending ? "Creating…" : "Create pool"}
          </Button>
        </div>
      </form>
    </Dialog>
  );
}
