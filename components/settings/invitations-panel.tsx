"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { Mail } from "lucide-react";
import { useState } from "react";
import { toast } from "sonner";
import { ROLE_LABEL, ROLES, type TRole } from "@/lib/auth/roles";
import { apiFetch, fieldErrors } from "@/lib/queries/api";
import { invitationsQuery, workspaceKeys } from "@/lib/queries/workspace";
import type { TInvitationView } from "@/lib/workspaces/invitations";
import { Badge } from "../ui/badge";
import { Button } from "../ui/button";
import { Card, CardHeader } from "../ui/card";
import { CopyButton } from "../ui/copy-button";
import { ErrorState } from "../ui/error-state";
import { Field, Input, Select } from "../ui/field";
import { TableSkeleton } from "../ui/skeleton";
import { Table, Td, Th, Tr } from "../ui/table";
import { Time } from "../ui/time";

function state(i: TInvitationView): { label: string; tone: "green" | "slate" | "amber" | "red" } {
  if (i.acceptedAt) return { label: "accepted", tone: "green" };
  if (i.revokedAt) return { label: "revoked", tone: "slate" };
  if (new Date(i.expiresAt) < new Date()) return { label: "expired", tone: "amber" };
  return { label: "pending", tone: "amber" };
}

export function InvitationsPanel({ ws }: { ws: string }) {
  const qc = useQueryClient();
  const list = useQuery(invitationsQuery(ws));
  const [email, setEmail] = useState("");
  const [role, setRole] = useState<TRole>("curator");
  const [link, setLink] = useState<string>();
  const invite = useMutation({
    mutationFn: () => apiFetch<{ invitation: TInvitationView; url: string }>(`/api/w/${ws}/invitations`, { method: "POST", body: { email, role } }),
    onSuccess: ({ url }) => {
      setLink(url);
      setEmail("");
      void qc.invalidateQueries({ queryKey: workspaceKeys.invitations(ws) });
    },
  });
  const revoke = useMutation({
    mutationFn: (id: string) => apiFetch<void>(`/api/w/${ws}/invitations/${id}`, { method: "DELETE" }),
    onSuccess: () => toast.success("Invitation revoked; its link no longer works."),
    onError: (e) => toast.error(e.message),
    onSettled: () => qc.invalidateQueries({ queryKey: workspaceKeys.invitations(ws) }),
  });
  const errors = fieldErrors(invite.error);
  return (
    <div className="space-y-5">
      <Card>
        <CardHeader title="Invite someone" description="Creates a single-use link, valid for 7 days, that lets them choose their own password. There is no mail server: copy the link and send it yourself." />
        <form
          className="flex flex-wrap items-end gap-3 px-5 py-4"
          onSubmit={(e) => {
            e.preventDefault();
            invite.mutate();
          }}
        >
          <div className="min-w-64 flex-1">
            <Field label="Email" htmlFor="inv-email" error={errors.email ?? (invite.error && !Object.keys(errors).length ? invite.error.message : undefined)}>
              <Input id="inv-email" data-testid="invite-email" type="email" value={email} onChange={(e) => setEmail(e.target.value)} required />
            </Field>
          </div>
          <div className="w-40">
            <Field label="Role" htmlFor="inv-role">
              <Select id="inv-role" data-testid="invite-role" value={role} onChange={(e) => setRole(e.target.value as TRole)}>
                {ROLES.map((r) => (
                  <option key={r} value={r}>
                    {ROLE_LABEL[r]}
                  </option>
                ))}
              </Select>
            </Field>
          </div>
          <Button type="submit" data-testid="invite-submit" disabled={invite.isPending || !email}>
            <Mail size={16} /> Create link
          </Button>
        </form>
        {link ? (
          <div className="mx-5 mb-4 rounded-md border border-emerald-200 bg-emerald-50 p-3 text-sm" data-testid="invite-link-box">
            <p className="font-medium text-emerald-900">Invitation link: shown only now, copy it.</p>
            <div className="mt-2 flex items-center gap-2">
              <code data-testid="invite-link" className="min-w-0 flex-1 truncate rounded bg-white px-2 py-1 font-mono text-xs">
                {link}
              </code>
              <CopyButton value={link} label="Copy invitation link" />
            </div>
          </div>
        ) : null}
      </Card>
      <Card>
        <CardHeader title="Invitations" />
        {list.isPending ? (
          <TableSkeleton rows={2} />
        ) : list.error ? (
          <ErrorState error={list.error} onRetry={() => list.refetch()} />
        ) : list.data.invitations.length === 0 ? (
          <p className="px-5 py-6 text-sm text-slate-500">No invitations yet. Create a link above to invite someone.</p>
        ) : (
          <Table>
            <thead>
              <tr>
                <Th>Email</Th>
                <Th>Role</Th>
                <Th>State</Th>
                <Th>Expires</Th>
                <Th className="text-right">Actions</Th>
              </tr>
            </thead>
            <tbody>
              {list.data.invitations.map((i) => {
                const s = state(i);
                return (
                  <Tr key={i.id}>
                    <Td>{i.email}</Td>
                    <Td>{ROLE_LABEL[i.role]}</Td>
                    <Td>
                      <Badge tone={s.tone}>{s.label}</Badge>
                    </Td>
                    <Td>
                      <Time iso={i.expiresAt} />
                    </Td>
                    <Td className="text-right">
                      {s.label === "pending" ? (
                        <Button variant="ghost" size="sm" onClick={() => revoke.mutate(i.id)}>
                          Revoke
                        </Button>
                      ) : null}
                    </Td>
                  </Tr>
                );
              })}
            </tbody>
          </Table>
        )}
      </Card>
    </div>
  );
}
