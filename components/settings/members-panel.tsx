"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { UserPlus } from "lucide-react";
import { useState } from "react";
import { toast } from "sonner";
import { ROLE_LABEL, ROLE_POWERS, ROLES, type TRole } from "@/lib/auth/roles";
import { apiFetch, fieldErrors } from "@/lib/queries/api";
import { membersQuery, workspaceKeys } from "@/lib/queries/workspace";
import type { TMemberView } from "@/lib/workspaces/members";
import { Button } from "../ui/button";
import { Card, CardHeader } from "../ui/card";
import { Dialog } from "../ui/dialog";
import { ErrorState } from "../ui/error-state";
import { Field, Input, Select } from "../ui/field";
import { TableSkeleton } from "../ui/skeleton";
import { Table, Td, Th, Tr } from "../ui/table";
import { Time } from "../ui/time";

export function MembersPanel({ ws, isAdmin, currentUserId }: { ws: string; isAdmin: boolean; currentUserId: string }) {
  const qc = useQueryClient();
  const members = useQuery(membersQuery(ws));
  const [adding, setAdding] = useState(false);
  const setRole = useMutation({
    mutationFn: ({ id, role }: { id: string; role: TRole }) => apiFetch<{ member: TMemberView }>(`/api/w/${ws}/members/${id}`, { method: "PATCH", body: { role } }),
    onSuccess: ({ member }) => toast.success(`${member.email} is now ${ROLE_LABEL[member.role]}.`),
    onError: (e) => toast.error(e.message),
    onSettled: () => qc.invalidateQueries({ queryKey: workspaceKeys.members(ws) }),
  });
  const remove = useMutation({
    mutationFn: (m: TMemberView) => apiFetch<void>(`/api/w/${ws}/members/${m.id}`, { method: "DELETE" }),
    onSuccess: (_, m) => toast.success(`Removed ${m.email} from the workspace.`),
    onError: (e) => toast.error(e.message),
    onSettled: () => qc.invalidateQueries({ queryKey: workspaceKeys.members(ws) }),
  });

  return (
    <Card>
      <CardHeader
        title="Members"
        description="Roles build on each other: viewer < curator < publisher < admin."
        actions={
          isAdmin ? (
            <Button data-testid="add-member" onClick={() => setAdding(true)}>
              <UserPlus size={16} /> Add member
            </Button>
          ) : null
        }
      />
      {members.isPending ? (
        <TableSkeleton />
      ) : members.error ? (
        <ErrorState error={members.error} onRetry={() => members.refetch()} />
      ) : (
        <Table>
          <thead>
            <tr>
              <Th>Person</Th>
              <Th>Role</Th>
              <Th>Member since</Th>
              {isAdmin ? <Th className="text-right">Actions</Th> : null}
            </tr>
          </thead>
          <tbody>
            {members.data.members.map((m) => (
              <Tr key={m.id} data-testid={`member-row-${m.email}`}>
                <Td>
                  <div className="font-medium text-slate-900">
                    {m.name} {m.userId === currentUserId ? <span className="text-xs font-normal text-slate-400">(you)</span> : null}
                  </div>
                  <div className="text-xs text-slate-500">{m.email}</div>
                </Td>
                <Td>
                  {isAdmin ? (
                    <Select aria-label={`Role of ${m.email}`} data-testid={`member-role-${m.email}`} className="w-36" value={m.role} disabled={setRole.isPending} onChange={(e) => setRole.mutate({ id: m.id, role: e.target.value as TRole })}>
                      {ROLES.map((r) => (
                        <option key={r} value={r}>
                          {ROLE_LABEL[r]}
                        </option>
                      ))}
                    </Select>
                  ) : (
                    ROLE_LABEL[m.role]
                  )}
                </Td>
                <Td>
                  <Time iso={m.createdAt} />
                </Td>
                {isAdmin ? (
                  <Td className="text-right">
                    <Button
                      variant="ghost"
                      size="sm"
                      data-testid={`member-remove-${m.email}`}
                      onClick={() => {
                        if (window.confirm(`Remove ${m.email} from this workspace? They lose access at once; their account stays.`)) remove.mutate(m);
                      }}
                    >
                      Remove
                    </Button>
                  </Td>
                ) : null}
              </Tr>
            ))}
          </tbody>
        </Table>
      )}
      <AddMemberDialog ws={ws} open={adding} onOpenChange={setAdding} />
    </Card>
  );
}

function AddMemberDialog({ ws, open, onOpenChange }: { ws: string; open: boolean; onOpenChange: (o: boolean) => void }) {
  const qc = useQueryClient();
  const [form, setForm] = useState({ email: "", name: "", password: "", role: "curator" as TRole });
  const add = useMutation({
    mutationFn: () => apiFetch<{ member: TMemberView }>(`/api/w/${ws}/members`, { method: "POST", body: { email: form.email, role: form.role, name: form.name || undefined, password: form.password || undefined } }),
    onSuccess: ({ member }) => {
      toast.success(`Added ${member.email} as ${ROLE_LABEL[member.role]}.`);
      setForm({ email: "", name: "", password: "", role: "curator" });
      onOpenChange(false);
      void qc.invalidateQueries({ queryKey: workspaceKeys.members(ws) });
    },
  });
  const errors = fieldErrors(add.error);
  const set = (k: keyof typeof form) => (e: { target: { value: string } }) => setForm((f) => ({ ...f, [k]: e.target.value }));
  return (
    <Dialog open={open} onOpenChange={onOpenChange} title="Add member" description="Add someone who already has an account, or create their account with a first password. To let them choose their own password, send an invitation instead." testId="add-member-dialog">
      <form
        className="space-y-4"
        onSubmit={(e) => {
          e.preventDefault();
          add.mutate();
        }}
      >
        <Field label="Email" htmlFor="m-email" error={errors.email}>
          <Input id="m-email" data-testid="member-email" type="email" value={form.email} onChange={set("email")} required autoFocus />
        </Field>
        <Field label="Role" htmlFor="m-role" hint={`A ${form.role} ${ROLE_POWERS[form.role]}.`}>
          <Select id="m-role" data-testid="member-role" value={form.role} onChange={set("role")}>
            {ROLES.map((r) => (
              <option key={r} value={r}>
                {ROLE_LABEL[r]}
              </option>
            ))}
          </Select>
        </Field>
        <fieldset className="space-y-3 rounded-md border border-slate-200 p-3">
          <legend className="px-1 text-xs text-slate-500">Only for a new account</legend>
          <Field label="Name" htmlFor="m-name" error={errors.name}>
            <Input id="m-name" data-testid="member-name" value={form.name} onChange={set("name")} maxLength={120} />
          </Field>
          <Field label="First password" htmlFor="m-password" hint="At least 8 characters; share it with them privately." error={errors.password}>
            <Input id="m-password" data-testid="member-password" type="password" autoComplete="new-password" value={form.password} onChange={set("password")} />
          </Field>
        </fieldset>
        {add.error ? (
          <p role="alert" data-testid="member-add-error" className="rounded-md bg-red-50 px-3 py-2 text-sm text-red-700">
            {add.error.message}
          </p>
        ) : null}
        <div className="flex justify-end gap-2">
          <Button variant="secondary" onClick={() => onOpenChange(false)}>
            Cancel
          </Button>
          <Button type="submit" data-testid="member-add-submit" disabled={add.isPending || !form.email}>
            {add.isPending ? "Adding…" : "Add member"}
          </Button>
        </div>
      </form>
    </Dialog>
  );
}
