import type { Metadata } from "next";
import { AcceptLinkForm } from "@/components/auth/accept-link-form";
import { AuthFrame } from "@/components/auth/auth-frame";

export const metadata: Metadata = { title: "Join a workspace" };

export default async function InvitePage({ searchParams }: { searchParams: Promise<{ token?: string }> }) {
  const { token } = await searchParams;
  return (
    <AuthFrame title="Join a workspace">
      <AcceptLinkForm token={token ?? ""} />
    </AuthFrame>
  );
}
