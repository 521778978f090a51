"use client";

import { useMutation, useQuery } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { authClient } from "@/lib/auth/client";
import { ROLE_LABEL, type TRole } from "@/lib/auth/roles";
import { apiFetch, fieldErrors } from "@/lib/queries/api";
import { Button } from "../ui/button";
import { Field, Input } from "../ui/field";
import { Skeleton } from "../ui/skeleton";

type TInfo = { invitation: { purpose: string; email: string | null; role: TRole; workspace: { slug: string; name: string }; userExists: boolean } };

/** Redeems an invitation link or the one-time setup link, then signs the person in. */
export function AcceptLinkForm({ token }: { token: string }) {
  const router = useRouter();
  const info = useQuery({ queryKey: ["invitation", token], queryFn: () => apiFetch<TInfo>(`/api/invitations?token=${encodeURIComponent(token)}`), retry: false });
  const [email, setEmail] = useState("");
  const [name, setName] = useState("");
  const [password, setPassword] = useState("");
  const inv = info.data?.invitation;
  const accept = useMutation({
    mutationFn: () => apiFetch<{ email: string; workspace: string; createdAccount: boolean }>("/api/invitations", { method: "POST", body: inv?.userExists ? { token } : { token, name, password, email: inv?.email ? undefined : email } }),
    onSuccess: async (res) => {
      const target = `/w/${res.workspace}/pools`;
      if (!res.createdAccount) {
        router.push(`/sign-in?next=${encodeURIComponent(target)}`);
        return;
      }
      const signIn = await authClient.signIn.email({ email: res.email, password });
      router.push(signIn.error ? `/sign-in?next=${encodeURIComponent(target)}` : target);
      router.refresh();
    },
  });
  if (!token) return <p className="text-sm text-red-700">This link has no token. Copy the whole link from the message you were sent.</p>;
  if (info.isPending) return <Skeleton className="h-40 w-full" />;
  if (info.error || !inv) return <p role="alert" data-testid="link-error" className="rounded-md bg-red-50 px-3 py-2 text-sm text-red-700">{info.error?.message ?? "This link is not valid."}</p>;

  const errors = fieldErrors(accept.error);
  const setup = inv.purpose === "setup";
  return (
    <form
      className="space-y-4"
      onSubmit={(e) => {
        e.preventDefault();
        accept.mutate();
      }}
    >
      <p className="rounded-md bg-slate-50 px-3 py-2 text-sm text-slate-600">
        {setup ? "You will be the first admin of " : "You are invited to "}
        <strong>{inv.workspace.name}</strong> as <strong>{ROLE_LABEL[inv.role]}</strong>.
      </p>
      {inv.userExists ? (
        <p className="text-sm text-slate-600">
          An account for <strong>{inv.email}</strong> exists already. Join, then sign in with its password.
        </p>
      ) : (
        <>
          <Field label="Email" htmlFor="accept-email" error={errors.email}>
            {inv.email ? (
              <Input id="accept-email" value={inv.email} disabled />
            ) : (
              <Input id="accept-email" data-testid="accept-email" type="email" autoComplete="username" value={email} onChange={(e) => setEmail(e.target.value)} required autoFocus />
            )}
          </Field>
          <Field label="Your name" htmlFor="accept-name" error={errors.name}>
            <Input id="accept-name" data-testid="accept-name" value={name} onChange={(e) => setName(e.target.value)} required maxLength={120} />
          </Field>
          <Field label="Password" htmlFor="accept-password" hint="At least 8 characters." error={errors.password}>
            <Input id="accept-password" data-testid="accept-password" type="password" autoComplete="new-password" minLength={8} value={password} onChange={(e) => setPassword(e.target.value)} required />
          </Field>
        </>
      )}
      {accept.error && !Object.keys(errors).length ? (
        <p role="alert" className="rounded-md bg-red-50 px-3 py-2 text-sm text-red-700">
          {accept.error.message}
        </p>
      ) : null}
      <Button type="submit" data-testid="accept-submit" className="w-full" disabled={accept.isPending}>
        {accept.isPending ? "Working…" : setup ? "Create admin account" : inv.userExists ? "Join workspace" : "Create account and join"}
      </Button>
    </form>
  );
}
