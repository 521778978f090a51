import fs from "node:fs";
import path from "node:path";
import { expect, test, type Page, type TestInfo } from "@playwright/test";
import { E2E_ADMIN } from "../playwright.config";
import { SettingsPage, Shell, SignInPage } from "./pages/app";

// Captures the main screens with some data in them. Always attached to the report; written to
// public/screenshots (used by the README) only with T2S_UPDATE_SCREENSHOTS=1.
const UPDATE = process.env.T2S_UPDATE_SCREENSHOTS === "1";

async function shoot(page: Page, testInfo: TestInfo, name: string): Promise<void> {
  // Toasts are transient; keep them out of documentation images.
  await page.addStyleTag({ content: "[data-sonner-toaster]{display:none !important}" });
  const body = await page.screenshot({ fullPage: false });
  await testInfo.attach(name, { body, contentType: "image/png" });
  if (UPDATE) {
    fs.mkdirSync("public/screenshots", { recursive: true });
    fs.writeFileSync(`public/screenshots/${name}.png`, body);
  }
}

test("main screens", async ({ page }, testInfo) => {
  await page.setViewportSize({ width: 1360, height: 800 });
  await page.goto("/sign-in");
  await shoot(page, testInfo, "sign-in");
  await new SignInPage(page).signIn(E2E_ADMIN.email, E2E_ADMIN.password);
  const shell = new Shell(page);
  await shoot(page, testInfo, "pools");

  // The demo pool seeded by npm start.
  await page.getByTestId("pool-link-demo-spreadsheet-agent").click();
  await expect(page.getByTestId("steps-chart")).toBeVisible();
  await shoot(page, testInfo, "pool-overview");
  // Trajectories with tool errors, so that "e" has an error to jump to (row order is by random id).
  await page.getByTestId("stat-errors").click();
  await expect(page.getByTestId("trajectory-link").first()).toBeVisible();
  await shoot(page, testInfo, "trajectories");
  await page.getByTestId("trajectory-link").first().click();
  // Keys work once the viewer is interactive (the first steps are server-rendered before that).
  await expect(page.getByTestId("trace-scroll")).toHaveAttribute("data-ready", "true");
  await page.keyboard.press("e");
  await expect(page.locator('[data-testid="step"][data-active="true"]')).toBeVisible();
  await shoot(page, testInfo, "trace-viewer");

  await shell.open("pools");
  await page.getByTestId("new-pool").click();
  const pool = `xlsx-agent-${Date.now().toString(36)}`;
  await page.getByTestId("pool-name").fill(pool);
  await page.getByTestId("pool-description").fill("Spreadsheet agent on 200 evolve-split tasks");
  await page.getByTestId("pool-create-submit").click();
  await page.getByTestId(`pool-link-${pool}`).click();
  const corpus = path.resolve("../shared/corpus");
  await page.getByTestId("file-input").setInputFiles([path.join(corpus, "openai-chat/taubench_gpt-4o-airline_rec0-6.json"), path.join(corpus, "claude-code/spotter_tool_heavy.jsonl"), path.join(corpus, "openhands/openhands_evaloutput_ponyc-4588.jsonl"), path.join(corpus, "SOURCES.md")]);
  await expect(page.getByTestId("upload-status")).toHaveAttribute("data-status", "done", { timeout: 60_000 });
  await shoot(page, testInfo, "import-report");

  await shell.open("settings");
  const settings = new SettingsPage(page);
  await settings.addNewMember({ email: `pat-${Date.now().toString(36)}@example.com`, name: "Pat Publisher", password: "publisher-pass-1", role: "publisher" });
  await shoot(page, testInfo, "settings-members");
  await settings.tab("api-keys");
  await settings.createApiKey(`agent-pull-${Date.now().toString(36)}`, "viewer");
  await shoot(page, testInfo, "settings-api-keys");
  await settings.tab("audit");
  await expect(page.getByTestId("audit-rows")).toBeVisible();
  await shoot(page, testInfo, "settings-audit");
});
