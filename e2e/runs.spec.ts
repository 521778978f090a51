import fs from "node:fs";
import { expect, test, type Page, type TestInfo } from "@playwright/test";
import { E2E_ADMIN } from "../playwright.config";
import { SignInPage } from "./pages/app";
import { MergeTreePage, NewRunPage, RunPage } from "./pages/runs";

// A curator starts a run on the seeded demo pool from the UI, watches it finish live (rule-based:
// the e2e server has no LLM) and opens the merge tree. Screenshots go to the report, and to
// public/screenshots with T2S_UPDATE_SCREENSHOTS=1.
const UPDATE = process.env.T2S_UPDATE_SCREENSHOTS === "1";

async function shoot(page: Page, testInfo: TestInfo, name: string, fullPage = false): Promise<void> {
  await page.addStyleTag({ content: "[data-sonner-toaster]{display:none !important}" });
  // A focused field or a clicked node scrolls the page; documentation images start at the top.
  await page.evaluate(() => {
    (document.activeElement as HTMLElement | null)?.blur();
    window.scrollTo(0, 0);
  });
  const body = await page.screenshot({ fullPage });
  await testInfo.attach(name, { body, contentType: "image/png" });
  if (UPDATE) {
    fs.mkdirSync("public/screenshots", { recursive: true });
    fs.writeFileSync(`public/screenshots/${name}.png`, body);
  }
}

test("start a run on the demo pool, watch it finish, inspect the merge tree", async ({ page }, testInfo) => {
  test.setTimeout(240_000);
  await page.setViewportSize({ width: 1360, height: 900 });
  await new SignInPage(page).signIn(E2E_ADMIN.email, E2E_ADMIN.password);

  const form = new NewRunPage(page);
  await form.open();
  await expect(form.llmMode()).toHaveAttribute("data-mode", "rule-based");
  await expect(form.llmMode()).toContainText("rule-based");
  await form.fill({ pool: "demo-spreadsheet-agent", skill: "spreadsheet-basics", analysts: "combined", sample: 24, minSupport: 2, fanIn: 3 });
  await expect(page.getByTestId("run-selection-count")).toContainText("24");
  await page.setViewportSize({ width: 1360, height: 1220 });
  await shoot(page, testInfo, "run-new");
  await page.setViewportSize({ width: 1360, height: 900 });
  await form.submit();

  const run = new RunPage(page);
  await expect(page.getByTestId("run-header")).toContainText("demo-spreadsheet-agent");
  await expect(page.getByTestId("run-header")).toContainText("spreadsheet-basics@");
  await run.waitFinished();
  await expect(run.stage("analyse")).toHaveAttribute("data-value", "24");
  await expect(run.stage("analyse")).toHaveAttribute("data-max", "24");
  await expect(run.stage("apply")).toContainText("proposal items");
  await expect(page.getByTestId("run-eta")).toContainText("done");
  await shoot(page, testInfo, "run", true);

  // The runs list links to the run and shows its progress.
  const runUrl = page.url();
  await page.getByTestId("nav-runs").click();
  const runId = runUrl.split("/").pop()!;
  await expect(page.locator(`[data-run="${runId}"]`).getByTestId("run-progress")).toContainText("24/24");
  await page.getByTestId(`run-link-${runId}`).click();
  await expect(page).toHaveURL(runUrl);

  await run.openMergeTree();
  const tree = new MergeTreePage(page);
  // The final node is selected by default and its edits carry support badges.
  await expect(tree.panel().getByTestId("merge-edit").first()).toBeVisible();
  await expect(tree.panel().getByTestId("support-badge").first()).toHaveText(/^\d+ \(\d+E \d+S/);
  const merged = tree.nodes("merged").last();
  await merged.click();
  await expect(page).toHaveURL(/\?node=/);
  await expect(tree.panel()).toContainText(await merged.getAttribute("data-node").then((k) => k ?? ""));
  await shoot(page, testInfo, "merge-tree");
});
