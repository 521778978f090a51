import { execFile } from "node:child_process";
import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { expect, test, type APIRequestContext } from "@playwright/test";
import { E2E_ADMIN } from "../playwright.config";
import { SignInPage } from "./pages/app";
import { RegistryPage, VersionPage } from "./pages/registry";
import { shoot } from "./support/shoot";

// Registry journey on a version published from a run of its own (rule-based, over the demo pool):
// accept a few items, publish (skipping the rest) → the real CLI pulls that version over HTTP with a
// viewer API key into a folder whose files are byte for byte the published ones → the registry
// lists the skill with pull commands → the version page marks the lines those items wrote; clicking
// one shows the item, its lessons and a link to the cited step of a trajectory, which opens the
// trace viewer there → the diff page compares the new version with its base. With T2S_UPDATE_SCREENSHOTS=1 the README's registry
// screenshots are refreshed.

const WS = "demo";
const execFileAsync = promisify(execFile);

type TItem = { id: string; status: string; version: number; applyStatus: string; conflictGroup: string | null; op: string; file: string };

async function publishFromRun(request: APIRequestContext): Promise<{ skill: string; version: string; run: string }> {
  const created = await request.post(`/api/w/${WS}/runs`, { data: { pool: "demo-spreadsheet-agent", skill: "spreadsheet-basics", config: { analysts: "combined", sample: 24, minSupport: 1 } } });
  expect(created.status(), await created.text()).toBe(201);
  const { run } = (await created.json()) as { run: { id: string } };
  await expect.poll(async () => ((await (await request.get(`/api/w/${WS}/runs/${run.id}`)).json()) as { run: { status: string } }).run.status, { timeout: 240_000, intervals: [1000] }).toBe("succeeded");
  const { items } = (await (await request.get(`/api/w/${WS}/runs/${run.id}/items`)).json()) as { items: TItem[] };
  const plain = items.filter((i) => i.status === "pending" && i.applyStatus === "applied" && !i.conflictGroup && i.file === "SKILL.md" && !i.op.includes("delete")).slice(0, 3);
  expect(plain.length, "the demo run proposes SKILL.md items").toBeGreaterThan(0);
  for (const i of plain) expect((await request.post(`/api/w/${WS}/items/${i.id}/decision`, { data: { action: "accept", version: i.version } })).status()).toBe(200);
  const published = await request.post(`/api/w/${WS}/runs/${run.id}/publish`, { data: { bump: "minor", skipPending: true } });
  expect(published.status(), await published.text()).toBe(201);
  const { version } = (await published.json()) as { version: { skill: string; version: string } };
  return { skill: version.skill, version: version.version, run: run.id };
}

type TVersionFiles = { version: string; files: { path: string; content: string }[] };

/** `npm run t2s -- pull` against the e2e server, as a CI job would; returns the folder it wrote. */
async function pullWithCli(request: APIRequestContext, base: string, skill: string, version: string): Promise<string> {
  const created = await request.post(`/api/w/${WS}/api-keys`, { data: { name: `e2e-pull-${Date.now()}`, role: "viewer" } });
  expect(created.status(), await created.text()).toBe(201);
  const { key } = (await created.json()) as { key: string };
  const out = path.join(await fs.mkdtemp(path.join(os.tmpdir(), "t2s-e2e-pull-")), skill);
  const { stdout } = await execFileAsync("npm", ["run", "--silent", "t2s", "--", "pull", `${skill}@${version}`, "--registry", base, "--workspace", WS, "--token", key, "--out", out], { timeout: 60_000 });
  expect(stdout).toContain(`Pulled ${skill}@${version}`);
  return out;
}

test("registry: a published version pulled by the CLI byte for byte, catalogue with pull commands, a line traced to its item, lessons and trajectory step, the diff", async ({ page }, testInfo) => {
  test.setTimeout(420_000);
  await page.setViewportSize({ width: 1440, height: 900 });
  await new SignInPage(page).signIn(E2E_ADMIN.email, E2E_ADMIN.password);
  const { skill, version } = await publishFromRun(page.request);
  const base = testInfo.project.use.baseURL!;

  const out = await pullWithCli(page.request, base, skill, version);
  const published = (await (await page.request.get(`/api/w/${WS}/skills/${skill}/versions/${version}/files`)).json()) as TVersionFiles;
  const pulled = (await fs.readdir(out, { recursive: true, withFileTypes: true })).filter((d) => d.isFile()).map((d) => path.relative(out, path.join(d.parentPath, d.name)));
  expect(pulled.sort()).toEqual(published.files.map((f) => f.path).sort());
  expect(pulled).toContain("SKILL.md");
  for (const f of published.files) expect((await fs.readFile(path.join(out, f.path))).equals(Buffer.from(f.content, "utf8")), f.path).toBe(true);
  await fs.rm(path.dirname(out), { recursive: true, force: true });

  const registry = new RegistryPage(page, WS);
  await registry.open();
  await expect(registry.entry(skill)).toContainText(version);
  await expect(registry.entry(skill).getByTestId("pull-CLI")).toHaveText(`npm run t2s -- pull ${skill}@${version} --registry ${base} --workspace ${WS} --token $T2S_TOKEN --out .claude/skills/${skill}`);
  await registry.search("no-such-skill-zzz");
  await expect(page.getByTestId("registry-no-match")).toBeVisible();
  await registry.search(skill);
  await expect(registry.entry(skill)).toBeVisible();
  await shoot(page, testInfo, "registry");

  await page.getByTestId(`registry-open-${skill}`).click();
  await expect(page.getByTestId("skill-readme")).toBeVisible();
  const v = new VersionPage(page);
  await v.openFile("SKILL.md");
  const marked = await v.markedLines();
  expect(marked.length).toBeGreaterThan(0);
  await expect(page.getByTestId("provenance-empty")).toBeVisible();
  await v.clickLine(marked[0]!);
  await expect(page).toHaveURL(new RegExp(`line=${marked[0]}`));
  await expect(page.getByTestId("provenance-item").first()).toBeVisible();
  await expect(page.getByTestId("provenance-lesson").first()).toBeVisible();
  const stepLink = page.getByTestId("provenance-step-link").or(page.getByTestId("provenance-trajectory-link")).first();
  await expect(stepLink).toHaveAttribute("href", new RegExp(`^/w/${WS}/trajectories/[^/#]+(#step-\\d+)?$`));
  await shoot(page, testInfo, "provenance");

  const href = (await stepLink.getAttribute("href"))!;
  await stepLink.click();
  await expect(page).toHaveURL(new RegExp(href.replace(/[.*+?^${}()|[\]\\]/g, "\\$&") + "$"));
  await expect(page.getByTestId("step").first()).toBeVisible();

  await page.goBack();
  await page.getByTestId("diff-link").click();
  await expect(page.getByTestId("registry-diff-editor")).toBeVisible();
  await expect(page.getByTestId("diff-file-SKILL.md")).toContainText("+");
  await page.waitForTimeout(800);
  await shoot(page, testInfo, "registry-diff");
});
