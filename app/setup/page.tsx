import type { Metadata } from "next";
import { AcceptLinkForm } from "@/components/auth/accept-link-form";
import { AuthFrame } from "@/components/auth/auth-frame";

export const metadata: Metadata = { title: "Set up" };

export default async function SetupPage({ searchParams }: { searchParams: Promise<{ token?: string }> }) {
  const { token } = await searchParams;
  return (
    <AuthFrame title="Create the first admin" subtitle="This one-time link was printed when the server started.">
      <AcceptLinkForm token={token ?? ""} />
    </AuthFrame>
  );
}
