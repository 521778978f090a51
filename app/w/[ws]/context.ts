import { headers } from "next/headers";
import { redirect } from "next/navigation";
import { cache } from "react";
import { principalFromHeaders, resolveWorkspaceAccess, type TWorkspaceAccess } from "@/lib/auth/principal";
import { isAppError } from "@/lib/errors";

export type TPageContext =
  | { ok: true; user: { id: string; email: string; name: string }; access: TWorkspaceAccess }
  | { ok: false; user: { id: string; email: string; name: string }; reason: string };

/** The signed-in person and their role in the workspace; shared by the layout and the page of one request. */
export const workspaceContext = cache(async (slug: string): Promise<TPageContext> => {
  const principal = await principalFromHeaders(await headers()).catch(() => undefined);
  if (!principal || principal.kind !== "user") redirect(`/sign-in?next=${encodeURIComponent(`/w/${slug}/pools`)}`);
  const user = { id: principal.userId, email: principal.email, name: principal.name };
  try {
    return { ok: true, user, access: await resolveWorkspaceAccess(principal, slug, "viewer") };
  } catch (e) {
    if (isAppError(e) && (e.kind === "forbidden" || e.kind === "not_found")) return { ok: false, user, reason: e.message };
    throw e;
  }
});

/** For pages: the workspace access, or (unreachable after the layout's check) a redirect. */
export async function requireWorkspace(slug: string): Promise<{ user: { id: string; email: string; name: string }; access: TWorkspaceAccess }> {
  const ctx = await workspaceContext(slug);
  if (!ctx.ok) redirect("/");
  return ctx;
}
