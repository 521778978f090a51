"use client";

import { Button } from "@/components/ui/button";

// Shown when a section fails to render; the digest lets an admin find the server log line.
export default function SectionError({ error, reset }: { error: Error & { digest?: string }; reset: () => void }) {
  return (
    <div role="alert" className="rounded-lg border border-red-200 bg-red-50 p-5 text-sm text-red-800">
      <p className="font-medium">This page could not be loaded.</p>
      <p className="mt-1 text-red-700">{error.digest ? `Reference ${error.digest}. ` : ""}Try again; if it keeps failing, check the server log.</p>
      <Button variant="secondary" size="sm" className="mt-3" onClick={reset}>
        Try again
      </Button>
    </div>
  );
}
