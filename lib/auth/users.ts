import { z } from "zod";
import { AppError } from "../errors";
import { db } from "../db/client";
import { auth } from "./auth";

export const ZEmail = z.string().trim().toLowerCase().email("Enter a valid email address.").max(254);
export const ZPassword = z.string().min(8, "Use at least 8 characters.").max(256);
export const ZName = z.string().trim().min(1, "Enter a name.").max(120);

/** Creates a user with an email/password credential (the path sign-up would take, which is closed to the public). */
export async function createUserWithPassword(input: { email: string; name: string; password: string }): Promise<TUserRef> {
  const ctx = await auth().$context;
  const email = ZEmail.parse(input.email);
  // Validate and hash before creating the user: a bad password must not leave an account without a credential.
  const name = ZName.parse(input.name);
  const hash = await ctx.password.hash(ZPassword.parse(input.password));
  const existing = await findUserByEmail(email);
  if (existing) throw new AppError("conflict:user", `A user with the email ${email} already exists.`);
  const user = await ctx.internalAdapter.createUser({ email, name, emailVerified: true }, { method: "admin" });
  await ctx.internalAdapter.linkAccount({ userId: user.id, providerId: "credential", accountId: user.id, password: hash });
  return { id: user.id, email: user.email, name: user.name };
}

/** Sets the password of an existing user, creating the credential account when missing. */
export async function setUserPassword(userId: string, password: string): Promise<void> {
  const ctx = await auth().$context;
  const hash = await ctx.password.hash(ZPassword.parse(password));
  const accounts = await ctx.internalAdapter.findAccounts(userId);
  if (accounts.some((a) => a.providerId === "credential")) await ctx.internalAdapter.updatePassword(userId, hash);
  else await ctx.internalAdapter.linkAccount({ userId, providerId: "credential", accountId: userId, password: hash });
}

export type TUserRef = { id: string; email: string; name: string };

export async function findUserByEmail(email: string): Promise<TUserRef | undefined> {
  const user = await db().user.findUnique({ where: { email: ZEmail.parse(email) }, select: { id: true, email: true, name: true } });
  return user ?? undefined;
}
