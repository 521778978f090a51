import type { Metadata } from "next";
import { SignInForm } from "@/components/auth/sign-in-form";
import { AuthFrame } from "@/components/auth/auth-frame";

export const metadata: Metadata = { title: "Sign in" };

export default async function SignInPage({ searchParams }: { searchParams: Promise<{ next?: string }> }) {
  const { next } = await searchParams;
  // Only same-site paths, so the link cannot bounce people to another site after sign-in.
  const target = next && next.startsWith("/") && !next.startsWith("//") ? next : "/";
  return (
    <AuthFrame title="Sign in" subtitle="Use the account an admin created for you, or the one you set up.">
      <SignInForm next={target} />
    </AuthFrame>
  );
}
