import Link from "next/link";
import type { ReactNode } from "react";
import { AppShell } from "@/components/shell/app-shell";
import { listWorkspacesForUser } from "@/lib/workspaces/workspaces";
import { workspaceContext } from "./context";

export const dynamic = "force-dynamic";

export default async function WorkspaceLayout({ children, params }: { children: ReactNode; params: Promise<{ ws: string }> }) {
  const { ws } = await params;
  const ctx = await workspaceContext(ws);
  const workspaces = await listWorkspacesForUser(ctx.user.id);
  if (!ctx.ok) {
    return (
      <div className="mx-auto mt-24 max-w-md rounded-lg border border-slate-200 bg-white p-6 text-center shadow-sm" data-testid="no-access">
        <h1 className="text-lg font-semibold">No access to this workspace</h1>
        <p className="mt-2 text-sm text-slate-500">{ctx.reason} Ask one of its admins to add you.</p>
        {workspaces.length ? (
          <p className="mt-4 text-sm">
            Go to{" "}
            <Link className="text-brand-600 hover:underline" href={`/w/${workspaces[0].slug}/pools`}>
              {workspaces[0].name}
            </Link>
          </p>
        ) : null}
      </div>
    );
  }
  const { access, user } = ctx;
  return (
    <AppShell ws={{ slug: access.workspace.slug, name: access.workspace.name }} role={access.role} workspaces={workspaces} user={user}>
      {children}
    </AppShell>
  );
}
