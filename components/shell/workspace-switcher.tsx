"use client";

import * as DM from "@radix-ui/react-dropdown-menu";
import { useMutation } from "@tanstack/react-query";
import { Check, ChevronsUpDown, Plus } from "lucide-react";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { toast } from "sonner";
import { apiFetch, fieldErrors } from "@/lib/queries/api";
import { ROLE_LABEL } from "@/lib/auth/roles";
import type { TWorkspaceSummary } from "@/lib/workspaces/workspaces";
import { Button } from "../ui/button";
import { Dialog } from "../ui/dialog";
import { Field, Input } from "../ui/field";

export function WorkspaceSwitcher({ current, workspaces }: { current: { slug: string; name: string }; workspaces: TWorkspaceSummary[] }) {
  const router = useRouter();
  const [creating, setCreating] = useState(false);
  return (
    <>
      <DM.Root>
        <DM.Trigger data-testid="workspace-switcher" className="flex w-full items-center justify-between gap-2 rounded-md border border-slate-200 bg-slate-50 px-2.5 py-2 text-left text-sm hover:bg-slate-100">
          <span className="min-w-0">
            <span className="block text-[11px] uppercase tracking-wide text-slate-400">Workspace</span>
            <span className="block truncate font-medium text-slate-800">{current.name}</span>
          </span>
          <ChevronsUpDown size={14} className="shrink-0 text-slate-400" />
        </DM.Trigger>
        <DM.Portal>
          <DM.Content align="start" sideOffset={6} className="z-50 min-w-56 rounded-md border border-slate-200 bg-white p-1 shadow-lg">
            {workspaces.map((w) => (
              <DM.Item
                key={w.slug}
                data-testid={`workspace-option-${w.slug}`}
                className="flex cursor-pointer items-center justify-between gap-3 rounded px-2 py-1.5 text-sm outline-none data-[highlighted]:bg-slate-100"
                onSelect={() => router.push(`/w/${w.slug}/pools`)}
              >
                <span>
                  {w.name} <span className="text-xs text-slate-400">{ROLE_LABEL[w.role]}</span>
                </span>
                {w.slug === current.slug ? <Check size={14} className="text-brand-600" /> : null}
              </DM.Item>
            ))}
            <DM.Separator className="my-1 h-px bg-slate-100" />
            <DM.Item data-testid="create-workspace" className="flex cursor-pointer items-center gap-2 rounded px-2 py-1.5 text-sm text-slate-700 outline-none data-[highlighted]:bg-slate-100" onSelect={() => setCreating(true)}>
              <Plus size={14} /> New workspace
            </DM.Item>
          </DM.Content>
        </DM.Portal>
      </DM.Root>
      <CreateWorkspaceDialog open={creating} onOpenChange={setCreating} />
    </>
  );
}

function CreateWorkspaceDialog({ open, onOpenChange }: { open: boolean; onOpenChange: (o: boolean) => void }) {
  const router = useRouter();
  const [name, setName] = useState("");
  const create = useMutation({
    mutationFn: () => apiFetch<{ workspace: TWorkspaceSummary }>("/api/workspaces", { method: "POST", body: { name } }),
    onSuccess: ({ workspace }) => {
      toast.success(`Created ${workspace.name}. You are its admin.`);
      onOpenChange(false);
      setName("");
      router.push(`/w/${workspace.slug}/pools`);
      router.refresh();
    },
  });
  const errors = fieldErrors(create.error);
  return (
    <Dialog open={open} onOpenChange={onOpenChange} title="New workspace" description="A workspace holds its own pools, runs, skills and members. You become its admin.">
      <form
        className="space-y-4"
        onSubmit={(e) => {
          e.preventDefault();
          create.mutate();
        }}
      >
        <Field label="Name" htmlFor="ws-name" error={errors.name ?? (create.error && !errors.name ? create.error.message : undefined)}>
          <Input id="ws-name" data-testid="workspace-name" value={name} onChange={(e) => setName(e.target.value)} autoFocus required maxLength={80} />
        </Field>
        <div className="flex justify-end gap-2">
          <Button variant="secondary" onClick={() => onOpenChange(false)}>
            Cancel
          </Button>
          <Button type="submit" data-testid="workspace-create-submit" disabled={create.isPending || !name.trim()}>
            {create.isPending ? "Creating…" : "Create workspace"}
          </Button>
        </div>
      </form>
    </Dialog>
  );
}
