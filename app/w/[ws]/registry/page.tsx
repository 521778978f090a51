import type { Metadata } from "next";
import { Library } from "lucide-react";
import { Suspense } from "react";
import { RegistryList } from "@/components/registry/registry-list";
import { PageHeader } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { baseUrl } from "@/lib/env";
import { listCatalogue } from "@/lib/registry/catalogue";
import { requireWorkspace } from "../context";

export const metadata: Metadata = { title: "Registry" };

export default async function RegistryPage({ params }: { params: Promise<{ ws: string }> }) {
  const { ws } = await params;
  const { access } = await requireWorkspace(ws);
  const entries = await listCatalogue(access.workspace.id);
  return (
    <>
      <PageHeader title="Registry" description="Published skill versions that agents, CI and teams pull. Versions are immutable; tags such as latest or production point at them." />
      {entries.length === 0 ? (
        <EmptyState testId="registry-empty" icon={<Library size={28} />} title="Nothing published yet">
          A publisher turns a reviewed proposal into the first version of a skill. Agents then pull it by name, version or tag with an API key of this workspace.
        </EmptyState>
      ) : (
        <Suspense>
          <RegistryList ws={ws} entries={entries} baseUrl={baseUrl()} isPublic={access.workspace.isPublic} />
        </Suspense>
      )}
    </>
  );
}
