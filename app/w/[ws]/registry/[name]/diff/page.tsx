import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { Suspense } from "react";
import { VersionDiffView } from "@/components/registry/version-diff-view";
import { isAppError } from "@/lib/errors";
import { getVersionDiff } from "@/lib/registry/version-page";
import { requireWorkspace } from "../../../context";

export async function generateMetadata({ params }: { params: Promise<{ name: string }> }): Promise<Metadata> {
  return { title: `${decodeURIComponent((await params).name)} · diff` };
}

export default async function RegistryDiffPage({ params, searchParams }: { params: Promise<{ ws: string; name: string }>; searchParams: Promise<{ from?: string; to?: string }> }) {
  const { ws, name } = await params;
  const { from, to = "latest" } = await searchParams;
  const { access } = await requireWorkspace(ws);
  try {
    const diff = await getVersionDiff(access.workspace.id, decodeURIComponent(name), from ?? to, to);
    return (
      <Suspense>
        <VersionDiffView ws={ws} diff={diff} />
      </Suspense>
    );
  } catch (e) {
    if (isAppError(e) && e.kind === "not_found") notFound();
    throw e;
  }
}
