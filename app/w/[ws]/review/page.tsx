import type { Metadata } from "next";
import Link from "next/link";
import { ClipboardCheck } from "lucide-react";
import { Badge } from "@/components/ui/badge";
import { Card, PageHeader } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { Table, Td, Th, Tr } from "@/components/ui/table";
import { Time } from "@/components/ui/time";
import { listAssignedItems } from "@/lib/review/assigned";
import { requireWorkspace } from "../context";

export const metadata: Metadata = { title: "Review" };

export default async function ReviewPage({ params }: { params: Promise<{ ws: string }> }) {
  const { ws } = await params;
  const { access, user } = await requireWorkspace(ws);
  const items = await listAssignedItems(access.workspace.id, user.id);
  return (
    <>
      <PageHeader title="Review" description="Proposed skill edits assigned to you, across all runs of this workspace." />
      {items.length === 0 ? (
        <EmptyState testId="review-empty" icon={<ClipboardCheck size={28} />} title="Nothing assigned to you">
          When a{" "}
          <Link href={`/w/${ws}/runs`} className="text-brand-600 hover:underline">
            distillation run
          </Link>{" "}
          finishes, its proposal is reviewed item by item; items a curator assigns to you show up here.
        </EmptyState>
      ) : (
        <Card>
          <Table>
            <thead>
              <tr>
                <Th>File</Th>
                <Th>Section</Th>
                <Th>Edit</Th>
                <Th className="text-right">Support</Th>
                <Th>Status</Th>
                <Th>Updated</Th>
                <Th />
              </tr>
            </thead>
            <tbody>
              {items.map((i) => (
                <Tr key={i.id}>
                  <Td className="font-mono text-xs">
                    <Link href={`/w/${ws}/runs/${i.runId}/review?item=${i.id}`} className="text-brand-700 hover:underline" data-testid="assigned-item-link">
                      {i.file}
                    </Link>
                  </Td>
                  <Td>{i.section || "—"}</Td>
                  <Td>{i.op}</Td>
                  <Td className="text-right tabular-nums">{i.support}</Td>
                  <Td>
                    <Badge tone={i.status === "pending" ? "amber" : i.status === "rejected" ? "red" : "green"}>{i.status}</Badge>
                  </Td>
                  <Td>
                    <Time iso={i.updatedAt} />
                  </Td>
                  <Td>
                    <Link href={`/w/${ws}/runs/${i.runId}/review?item=${i.id}`} className="text-sm text-brand-700 hover:underline">
                      {i.status === "pending" ? "Review →" : "Open →"}
                    </Link>
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
