import type { Metadata } from "next";
import { Library } from "lucide-react";
import { Badge } from "@/components/ui/badge";
import { Card, PageHeader } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { Table, Td, Th, Tr } from "@/components/ui/table";
import { Time } from "@/components/ui/time";
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
        <Card>
          <Table>
            <thead>
              <tr>
                <Th>Skill</Th>
                <Th>Latest</Th>
                <Th>Tags</Th>
                <Th className="text-right">Downloads</Th>
                <Th>Published</Th>
              </tr>
            </thead>
            <tbody>
              {entries.map((e) => (
                <Tr key={e.name}>
                  <Td>
                    <div className="font-medium text-slate-900">{e.name}</div>
                    <div className="max-w-lg truncate text-xs text-slate-500">{e.description}</div>
                  </Td>
                  <Td>{e.latest ? <Badge tone="blue">{e.latest}</Badge> : "—"}</Td>
                  <Td className="text-xs text-slate-500">{e.tags.join(", ")}</Td>
                  <Td className="text-right tabular-nums">{e.downloads}</Td>
                  <Td>
                    <Time iso={e.publishedAt} />
                  </Td>
                </Tr>
              ))}
            </tbody>
          </Table>
        </Card>
      )}
    </>
  );
}
