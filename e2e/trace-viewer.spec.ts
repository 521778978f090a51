import { expect, test, type Page } from "@playwright/test";
import { E2E_ADMIN } from "../playwright.config";
import { SignInPage } from "./pages/app";

// A 20,000-step trajectory with errors and untrusted text, uploaded through the UI like any pool.
const STEPS = 20_000;
const XSS = ['<script>window.__xss = "script"</script>', '<img src=x onerror="window.__xss=\'img\'">', "[click me](javascript:window.__xss='link')"];

function bigTrace(): string {
  const steps: object[] = [{ role: "user", text: "Reconcile the ledger. " + XSS.join(" ") }];
  for (let i = 1; i < STEPS; i++) {
    if (i % 2 === 1) steps.push({ role: "assistant", kind: "tool_call", tool_name: i % 10 === 1 ? "python" : "bash", tool_args: { command: `step ${i}` }, tool_call_id: `c${i}` });
    else steps.push({ role: "tool", kind: "tool_result", tool_call_id: `c${i - 1}`, text: i === 15_000 ? "Traceback: needle-in-haystack failure" : i % 5000 === 0 ? `Error: disk quota at ${i}` : `ok ${i}`, is_error: i % 5000 === 0 || i === 15_000 });
  }
  steps.push({ role: "assistant", text: `Done. ${XSS.join(" ")}` });
  return JSON.stringify({ schema: "t2s.trajectory.v1", id: `big-${Date.now()}`, instruction: `Reconcile the ledger ${XSS[0]}`, outcome: "failure", steps });
}

async function openBigTrace(page: Page): Promise<string> {
  await new SignInPage(page).signIn(E2E_ADMIN.email, E2E_ADMIN.password);
  const pool = `big-${Date.now().toString(36)}`;
  await page.getByTestId("new-pool").click();
  await page.getByTestId("pool-name").fill(pool);
  await page.getByTestId("pool-create-submit").click();
  await page.getByTestId(`pool-link-${pool}`).click();
  await page.getByTestId("file-input").setInputFiles([{ name: "big.jsonl", mimeType: "application/x-ndjson", buffer: Buffer.from(bigTrace()) }]);
  await expect(page.getByTestId("upload-status")).toHaveAttribute("data-status", "done", { timeout: 60_000 });
  await page.getByRole("link", { name: "View trajectories" }).click();
  await page.getByTestId("trajectory-link").first().click();
  // Keys and search work once the viewer is interactive (the first steps are server-rendered before that).
  await expect(page.getByTestId("trace-scroll")).toHaveAttribute("data-ready", "true");
  return page.url();
}

test("a 20,000-step trajectory: search, jump to an error, deep link, small DOM", async ({ page }, testInfo) => {
  const url = await openBigTrace(page);
  expect(await page.locator("*").count()).toBeLessThan(2000);

  await page.keyboard.press("/");
  await page.getByTestId("trace-search").fill("needle-in-haystack");
  await page.getByTestId("trace-search").press("Enter");
  await expect(page.getByTestId("search-count")).toContainText("1 / 1 steps");
  await expect(page.locator('[data-testid="step"][data-index="15000"]')).toBeVisible();
  await expect(page.getByTestId("search-hit").first()).toHaveText("needle-in-haystack");

  // "e" goes to the next error, wrapping around to the first after the last.
  await page.getByTestId("trace-search").blur();
  await page.keyboard.press("e");
  await expect(page).toHaveURL(/#step-5000$/);
  const active = page.locator('[data-testid="step"][data-active="true"]');
  await expect(active).toHaveAttribute("data-error", "true");
  await expect(active).toContainText("disk quota at 5000");
  await testInfo.attach("trace-viewer", { body: await page.screenshot(), contentType: "image/png" });

  await page.getByTestId("trace-filter").selectOption("errors");
  await expect(page.getByTestId("step")).toHaveCount(3);

  // A deep link opens at its step.
  await page.goto(`${url.split("#")[0]}#step-12345`);
  await expect(page.getByTestId("trace-scroll")).toHaveAttribute("data-ready", "true");
  await expect(page.locator('[data-testid="step"][data-index="12345"]')).toBeVisible();
  expect(await page.locator("*").count()).toBeLessThan(2000);
});

test("untrusted trace text stays inert", async ({ page }) => {
  await openBigTrace(page);
  await expect(page.getByTestId("trace-instruction")).toContainText("<script>");
  await page.getByTestId("jump-to-step").fill(String(STEPS));
  await page.getByTestId("jump-to-step").press("Enter");
  const last = page.locator(`[data-testid="step"][data-index="${STEPS}"]`);
  await expect(last).toContainText("onerror");
  await expect(last.locator("script, img")).toHaveCount(0);
  await expect(last.locator('a[href^="javascript"]')).toHaveCount(0);
  await page.waitForTimeout(200);
  expect(await page.evaluate(() => (window as unknown as { __xss?: string }).__xss)).toBeUndefined();
});
