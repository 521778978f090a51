import type { Metadata } from "next";
import Link from "next/link";
import { UploadReport } from "@/components/pools/upload-report";
import { PageHeader } from "@/components/ui/card";
import { requireWorkspace } from "../../../../context";

export const metadata: Metadata = { title: "Import report" };

export default async function UploadReportPage({ params }: { params: Promise<{ ws: string; pool: string; id: string }> }) {
  const { ws, pool, id } = await params;
  await requireWorkspace(ws);
  const name = decodeURIComponent(pool);
  return (
    <>
      <PageHeader
        title="Import report"
        description={
          <>
            Pool{" "}
            <Link className="text-brand-600 hover:underline" href={`/w/${ws}/pools/${encodeURIComponent(name)}`}>
              {name}
            </Link>
          </>
        }
      />
      <UploadReport ws={ws} uploadId={id} />
    </>
  );
}
