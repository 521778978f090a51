// The exact commands the registry screens show for pulling a skill (client-safe, no imports).

export function pullCommands(o: { baseUrl: string; ws: string; name: string; ref: string; isPublic: boolean }): { cli: string; curl: string; manifest: string } {
  const token = o.isPublic ? "" : " --token $T2S_TOKEN";
  const auth = o.isPublic ? "" : ' -H "Authorization: Bearer $T2S_TOKEN"';
  const url = `${o.baseUrl}/api/registry/${o.ws}/skills/${o.name}/${o.ref}`;
  return {
    cli: `npm run t2s -- pull ${o.name}@${o.ref} --registry ${o.baseUrl} --workspace ${o.ws}${token} --out .claude/skills/${o.name}`,
    curl: `curl -fL${auth} ${url}/archive.zip -o ${o.name}.zip`,
    manifest: url,
  };
}
