import { headers } from "next/headers";
import { redirect } from "next/navigation";
import { principalFromHeaders } from "@/lib/auth/principal";
import { listWorkspacesForUser } from "@/lib/workspaces/workspaces";

export const dynamic = "force-dynamic";

export default async function Home() {
  const principal = await principalFromHeaders(await headers()).catch(() => undefined);
  if (!principal || principal.kind !== "user") redirect("/sign-in");
  const workspaces = await listWorkspacesForUser(principal.userId);
  if (workspaces.length === 0) {
    return (
      <div className="mx-auto mt-24 max-w-md rounded-lg border border-slate-200 bg-white p-6 text-center shadow-sm" data-testid="no-workspace">
        <h1 className="text-lg font-semibold">You are not in any workspace yet</h1>
        <p className="mt-2 text-sm text-slate-500">Ask an admin to add you to a workspace, or to send you an invitation link.</p>
      </div>
    );
  }
  redirect(`/w/${workspaces[0].slug}/pools`);
}
