import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { Suspense } from "react";
import { VersionView } from "@/components/registry/version-view";
import { baseUrl } from "@/lib/env";
import { isAppError } from "@/lib/errors";
import { getVersionPage } from "@/lib/registry/version-page";
import { requireWorkspace } from "../../../context";

export async function generateMetadata({ params }: { params: Promise<{ name: string; version: string }> }): Promise<Metadata> {
  const { name, version } = await params;
  return { title: `${decodeURIComponent(name)}@${decodeURIComponent(version)}` };
}

export default async function RegistryVersionPage({ params }: { params: Promise<{ ws: string; name: string; version: string }> }) {
  const { ws, name, version } = await params;
  const { access } = await requireWorkspace(ws);
  try {
    const page = await getVersionPage(access.workspace.id, decodeURIComponent(name), decodeURIComponent(version));
    return (
      <Suspense>
        <VersionView ws={ws} page={page} role={access.role} baseUrl={baseUrl()} isPublic={access.workspace.isPublic} />
      </Suspense>
    );
  } catch (e) {
    if (isAppError(e) && e.kind === "not_found") notFound();
    throw e;
  }
}
