import type { Metadata } from "next";
import Link from "next/link";
import { ApiKeysPanel } from "@/components/settings/api-keys-panel";
import { AuditPanel } from "@/components/settings/audit-panel";
import { InvitationsPanel } from "@/components/settings/invitations-panel";
import { LlmPanel } from "@/components/settings/llm-panel";
import { MembersPanel } from "@/components/settings/members-panel";
import { PageHeader } from "@/components/ui/card";
import { cn } from "@/components/ui/cn";
import { hasRole } from "@/lib/auth/roles";
import { env, llmConfigured } from "@/lib/env";
import { requireWorkspace } from "../context";

export const metadata: Metadata = { title: "Settings" };

const TABS = [
  { id: "members", label: "Members", admin: false },
  { id: "invitations", label: "Invitations", admin: true },
  { id: "api-keys", label: "API keys", admin: true },
  { id: "llm", label: "LLM connection", admin: false },
  { id: "audit", label: "Audit log", admin: true },
] as const;

export default async function SettingsPage({ params, searchParams }: { params: Promise<{ ws: string }>; searchParams: Promise<{ tab?: string }> }) {
  const { ws } = await params;
  const { tab = "members" } = await searchParams;
  const { access, user } = await requireWorkspace(ws);
  const isAdmin = hasRole(access.role, "admin");
  const visible = TABS.filter((t) => isAdmin || !t.admin);
  const current = visible.find((t) => t.id === tab) ?? visible[0];
  const e = env();
  return (
    <>
      <PageHeader title="Settings" description={`${access.workspace.name} · workspace address /w/${access.workspace.slug}`} />
      <nav className="mb-5 flex gap-1 border-b border-slate-200" aria-label="Settings sections">
        {visible.map((t) => (
          <Link
            key={t.id}
            href={`/w/${ws}/settings?tab=${t.id}`}
            data-testid={`settings-tab-${t.id}`}
            aria-current={t.id === current.id ? "page" : undefined}
            className={cn("-mb-px border-b-2 px-3 py-2 text-sm font-medium", t.id === current.id ? "border-brand-600 text-brand-700" : "border-transparent text-slate-500 hover:text-slate-800")}
          >
            {t.label}
          </Link>
        ))}
      </nav>
      {current.id === "members" && <MembersPanel ws={ws} isAdmin={isAdmin} currentUserId={user.id} />}
      {current.id === "invitations" && <InvitationsPanel ws={ws} />}
      {current.id === "api-keys" && <ApiKeysPanel ws={ws} />}
      {current.id === "audit" && <AuditPanel ws={ws} />}
      {current.id === "llm" && (
        <LlmPanel
          configured={llmConfigured(e)}
          baseUrl={e.OPENAI_BASE_URL ?? null}
          hasKey={Boolean(e.OPENAI_API_KEY)}
          models={{ analyst: e.T2S_MODEL_ANALYST ?? null, mapper: e.T2S_MODEL_MAPPER ?? null, merger: e.T2S_MODEL_MERGER ?? null, translator: e.T2S_MODEL_TRANSLATOR ?? null }}
          concurrency={e.T2S_LLM_CONCURRENCY}
        />
      )}
    </>
  );
}
