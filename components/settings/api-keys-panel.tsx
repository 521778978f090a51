"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { KeyRound } from "lucide-react";
import { useState } from "react";
import { toast } from "sonner";
import { ROLE_LABEL, ROLES, type TRole } from "@/lib/auth/roles";
import { apiFetch, fieldErrors } from "@/lib/queries/api";
import { apiKeysQuery, workspaceKeys } from "@/lib/queries/workspace";
import type { TApiKeyView } from "@/lib/workspaces/api-keys";
import { Badge } from "../ui/badge";
import { Button } from "../ui/button";
import { Card, CardHeader } from "../ui/card";
import { CopyButton } from "../ui/copy-button";
import { ErrorState } from "../ui/error-state";
import { Field, Input, Select } from "../ui/field";
import { TableSkeleton } from "../ui/skeleton";
import { Table, Td, Th, Tr } from "../ui/table";
import { Time } from "../ui/time";

export function ApiKeysPanel({ ws }: { ws: string }) {
  const qc = useQueryClient();
  const keys = useQuery(apiKeysQuery(ws));
  const [name, setName] = useState("");
  const [role, setRole] = useState<TRole>("viewer");
  const [expires, setExpires] = useState("");
  const [secret, setSecret] = useState<string>();
  const create = useMutation({
    mutationFn: () => apiFetch<{ key: string; apiKey: TApiKeyView }>(`/api/w/${ws}/api-keys`, { method: "POST", body: { name, role, expiresInDays: expires ? Number(expires) : null } }),
    onSuccess: ({ key }) => {
      setSecret(key);
      setName("");
      void qc.invalidateQueries({ queryKey: workspaceKeys.apiKeys(ws) });
    },
  });
  const revoke = useMutation({
    mutationFn: (id: string) => apiFetch<{ apiKey: TApiKeyView }>(`/api/w/${ws}/api-keys/${id}`, { method: "DELETE" }),
    onSuccess: ({ apiKey }) => toast.success(`Revoked ${apiKey.name}; requests with it now get 401.`),
    onError: (e) => toast.error(e.message),
    onSettled: () => qc.invalidateQueries({ queryKey: workspaceKeys.apiKeys(ws) }),
  });
  const errors = fieldErrors(create.error);
  const origin = typeof window === "undefined" ? "" : window.location.origin;
  return (
    <div className="space-y-5">
      <Card>
        <CardHeader title="Create an API key" description="For machines: CI, agents pulling skills, scripts. A key acts in this workspace only, with the role you give it. The key is shown once; only its hash is stored." />
        <form
          className="flex flex-wrap items-end gap-3 px-5 py-4"
          onSubmit={(e) => {
            e.preventDefault();
            create.mutate();
          }}
        >
          <div className="min-w-56 flex-1">
            <Field label="Name" htmlFor="key-name" error={errors.name ?? (create.error && !Object.keys(errors).length ? create.error.message : undefined)}>
              <Input id="key-name" data-testid="api-key-name" placeholder="e.g. ci-pull" value={name} onChange={(e) => setName(e.target.value)} required maxLength={80} />
            </Field>
          </div>
          <div className="w-36">
            <Field label="Role" htmlFor="key-role">
              <Select id="key-role" data-testid="api-key-role" value={role} onChange={(e) => setRole(e.target.value as TRole)}>
                {ROLES.map((r) => (
                  <option key={r} value={r}>
                    {ROLE_LABEL[r]}
                  </option>
                ))}
              </Select>
            </Field>
          </div>
          <div className="w-36">
            <Field label="Expires" htmlFor="key-expires">
              <Select id="key-expires" value={expires} onChange={(e) => setExpires(e.target.value)}>
                <option value="">Never</option>
                <option value="30">in 30 days</option>
                <option value="90">in 90 days</option>
                <option value="365">in a year</option>
              </Select>
            </Field>
          </div>
          <Button type="submit" data-testid="api-key-create" disabled={create.isPending || !name.trim()}>
            <KeyRound size={16} /> Create key
          </Button>
        </form>
        {secret ? (
          <div className="mx-5 mb-4 space-y-2 rounded-md border border-emerald-200 bg-emerald-50 p-3 text-sm" data-testid="api-key-secret-box">
            <p className="font-medium text-emerald-900">Copy this key now. It will not be shown again.</p>
            <div className="flex items-center gap-2">
              <code data-testid="api-key-secret" className="min-w-0 flex-1 truncate rounded bg-white px-2 py-1 font-mono text-xs">
                {secret}
              </code>
              <CopyButton value={secret} label="Copy API key" />
            </div>
            <p className="text-xs text-emerald-900">
              Use it as <code className="font-mono">Authorization: Bearer &lt;key&gt;</code>, e.g. <code className="font-mono">curl -H &quot;Authorization: Bearer $T2S_KEY&quot; {origin}/api/w/{ws}/skills</code>
            </p>
          </div>
        ) : null}
      </Card>
      <Card>
        <CardHeader title="Keys" />
        {keys.isPending ? (
          <TableSkeleton rows={2} />
        ) : keys.error ? (
          <ErrorState error={keys.error} onRetry={() => keys.refetch()} />
        ) : keys.data.apiKeys.length === 0 ? (
          <p className="px-5 py-6 text-sm text-slate-500">No API keys yet. Create one above for CI or an agent that pulls skills.</p>
        ) : (
          <Table>
            <thead>
              <tr>
                <Th>Name</Th>
                <Th>Key</Th>
                <Th>Role</Th>
                <Th>Last used</Th>
                <Th>Created</Th>
                <Th className="text-right">Actions</Th>
              </tr>
            </thead>
            <tbody>
              {keys.data.apiKeys.map((k) => (
                <Tr key={k.id} data-testid={`api-key-row-${k.name}`}>
                  <Td className="font-medium text-slate-900">{k.name}</Td>
                  <Td className="font-mono text-xs text-slate-500">{k.prefix}…</Td>
                  <Td>{ROLE_LABEL[k.role]}</Td>
                  <Td>
                    <Time iso={k.lastUsedAt} />
                  </Td>
                  <Td>
                    <Time iso={k.createdAt} /> {k.createdBy ? <span className="text-xs text-slate-400">by {k.createdBy}</span> : null}
                  </Td>
                  <Td className="text-right">
                    {k.revokedAt ? (
                      <Badge>revoked</Badge>
                    ) : k.expiresAt && new Date(k.expiresAt) < new Date() ? (
                      <Badge tone="amber">expired</Badge>
                    ) : (
                      <Button
                        variant="ghost"
                        size="sm"
                        data-testid={`api-key-revoke-${k.name}`}
                        onClick={() => {
                          if (window.confirm(`Revoke ${k.name}? Anything using it stops working immediately. This cannot be undone.`)) revoke.mutate(k.id);
                        }}
                      >
                        Revoke
                      </Button>
                    )}
                  </Td>
                </Tr>
              ))}
            </tbody>
          </Table>
        )}
      </Card>
    </div>
  );
}
