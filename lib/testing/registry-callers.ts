import { createTestApiKey, createTestUser, createTestWorkspace, type TTestWorkspace } from "./builders";
import { signIn, type TCredentials } from "./http";

/**
 * The callers every pull API test asks as: a private and a public workspace, a viewer key of the
 * private one, an admin key of a third workspace, and a signed-in viewer of the private one.
 */
export type TRegistryCallers = { priv: TTestWorkspace; pub: TTestWorkspace; viewerKey: TCredentials; foreignKey: TCredentials; member: TCredentials };

export async function createRegistryCallers(): Promise<TRegistryCallers> {
  const priv = await createTestWorkspace();
  const pub = await createTestWorkspace({ isPublic: true });
  const viewerKey = { apiKey: (await createTestApiKey({ workspace: priv, role: "viewer" })).key };
  const foreignKey = { apiKey: (await createTestApiKey({ workspace: await createTestWorkspace(), role: "admin" })).key };
  const u = await createTestUser({ workspace: priv, role: "viewer" });
  const member = { cookie: await signIn(u.email, u.password!) };
  return { priv, pub, viewerKey, foreignKey, member };
}
