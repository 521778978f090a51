import fs from "node:fs";
import path from "node:path";
import { expect, test, type Page } from "@playwright/test";
import { E2E_ADMIN } from "../playwright.config";
import { SignInPage } from "./pages/app";

const CORPUS = path.resolve("../shared/corpus");
const corpusFile = (name: string) => ({ name: path.basename(name), mimeType: "application/octet-stream", buffer: fs.readFileSync(path.join(CORPUS, name)) });
const studio = (id: string, outcome: string, observation: string) =>
  JSON.stringify({ schema: "t2s.trajectory.v1", id, instruction: `Summarise ${id}.csv`, outcome, steps: [{ role: "user", text: `Summarise ${id}.csv` }, { role: "assistant", kind: "tool_call", tool_name: "bash", tool_args: { command: `wc -l ${id}.csv` }, tool_call_id: "c1" }, { role: "tool", kind: "tool_result", tool_call_id: "c1", text: observation, is_error: observation.startsWith("Error") }] });

async function createPool(page: Page, name: string) {
  await page.getByTestId("nav-pools").click();
  await page.getByTestId("new-pool").click();
  await page.getByTestId("pool-name").fill(name);
  await page.getByTestId("pool-create-submit").click();
  await page.getByTestId(`pool-link-${name}`).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(name);
}

test("upload trace files of several formats, read the import report, filter the pool", async ({ page }, testInfo) => {
  await new SignInPage(page).signIn(E2E_ADMIN.email, E2E_ADMIN.password);
  const pool = `upload-${Date.now().toString(36)}`;
  await createPool(page, pool);

  const mixed = { name: "mixed.jsonl", mimeType: "application/x-ndjson", buffer: Buffer.from([studio("sales", "failure", "Error: sales.csv not found"), "{broken", studio("costs", "success", "120 costs.csv")].join("\n")) };
  const files = [corpusFile("openai-chat/taubench_gpt-4o-airline_rec0-6.json"), corpusFile("claude-code/spotter_short.jsonl"), mixed];
  await page.getByTestId("file-input").setInputFiles(files);
  await expect(page).toHaveURL(/\/uploads\//);
  await expect(page.getByTestId("upload-status")).toHaveAttribute("data-status", "done", { timeout: 30_000 });
  await expect(page.getByTestId("upload-summary")).toContainText("Imported 5 new trajectories");
  await expect(page.getByTestId("upload-file-mixed.jsonl")).toContainText("studio-jsonl");
  await expect(page.getByTestId("upload-issues")).toContainText("line 2");
  await testInfo.attach("import-report", { body: await page.screenshot({ fullPage: true }), contentType: "image/png" });

  // The same files again: nothing new, and the report says so.
  await page.getByRole("link", { name: pool }).click();
  await page.getByTestId("file-input").setInputFiles(files);
  await expect(page.getByTestId("upload-status")).toHaveAttribute("data-status", "done", { timeout: 30_000 });
  await expect(page.getByTestId("upload-nothing-new")).toContainText("already in the pool");

  await page.getByRole("link", { name: pool }).click();
  await expect(page.getByTestId("stat-total")).toContainText("5");
  await expect(page.getByTestId("steps-chart")).toBeVisible();
  await expect(page.getByTestId("breakdown-formats")).toContainText("claude-code");
  await testInfo.attach("pool-overview", { body: await page.screenshot({ fullPage: true }), contentType: "image/png" });

  await page.getByTestId("stat-failure").click();
  await expect(page).toHaveURL(/outcome=failure/);
  await expect(page.getByTestId("trajectory-count")).toContainText("2 trajectories match");
  await page.getByTestId("trajectory-search").fill("sales");
  await page.getByTestId("trajectory-search").press("Enter");
  await expect(page).toHaveURL(/q=sales/);
  await expect(page.getByTestId("trajectory-rows").getByTestId("trajectory-row")).toHaveCount(1);
  await testInfo.attach("trajectories", { body: await page.screenshot({ fullPage: true }), contentType: "image/png" });
});
