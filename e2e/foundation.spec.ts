import { expect, test } from "@playwright/test";
import { E2E_ADMIN } from "../playwright.config";
import { SECTIONS, SettingsPage, Shell, SignInPage } from "./pages/app";

const uid = () => Math.random().toString(36).slice(2, 8);

test("admin signs in and every section renders with its next step", async ({ page }, testInfo) => {
  await new SignInPage(page).signIn(E2E_ADMIN.email, E2E_ADMIN.password);
  const shell = new Shell(page);
  await expect(shell.role()).toContainText("Admin");
  for (const section of SECTIONS) {
    await shell.open(section);
    await expect(page.locator("h1")).toBeVisible();
    await testInfo.attach(`section-${section}`, { body: await page.screenshot({ fullPage: true }), contentType: "image/png" });
  }
  // Empty sections say what to do next (runs are not empty: npm start seeds a finished demo run).
  await shell.open("review");
  await expect(page.getByTestId("review-empty")).toContainText("distillation run");
  await shell.open("runs");
  await expect(page.getByTestId("run-row").first()).toContainText("demo-spreadsheet-agent");
  // "?" opens the keyboard cheatsheet; "g p" jumps to Pools.
  await page.keyboard.press("?");
  await expect(page.getByTestId("keyboard-help")).toBeVisible();
  await page.keyboard.press("Escape");
  await page.keyboard.press("g");
  await page.keyboard.press("p");
  await expect(page).toHaveURL(/\/pools$/);
});

test("an admin adds a member, who signs in with exactly that role", async ({ page }) => {
  const member = { email: `curator-${uid()}@e2e.example`, name: "Casey Curator", password: "curator-pass-1", role: "curator" };
  await new SignInPage(page).signIn(E2E_ADMIN.email, E2E_ADMIN.password);
  const shell = new Shell(page);
  await shell.open("settings");
  const settings = new SettingsPage(page);
  await settings.addNewMember(member);
  await expect(page.getByTestId(`member-role-${member.email}`)).toHaveValue("curator");

  // The audit log records the addition.
  await settings.tab("audit");
  await expect(page.getByTestId("audit-rows")).toContainText("member.add");

  await shell.signOut();
  await new SignInPage(page).signIn(member.email, member.password);
  await expect(shell.role()).toContainText("Curator");
  // A curator may create pools but sees no admin-only settings.
  await page.getByTestId("new-pool").click();
  const poolName = `pool-${uid()}`;
  await page.getByTestId("pool-name").fill(poolName);
  await page.getByTestId("pool-create-submit").click();
  await expect(page.getByTestId(`pool-row-${poolName}`)).toBeVisible();
  await shell.open("settings");
  await expect(page.getByTestId("settings-tab-api-keys")).toHaveCount(0);
  await expect(page.getByTestId("add-member")).toHaveCount(0);
});

test("an invitation link creates an account with the invited role", async ({ page, browser }) => {
  await new SignInPage(page).signIn(E2E_ADMIN.email, E2E_ADMIN.password);
  await new Shell(page).open("settings");
  const settings = new SettingsPage(page);
  await settings.tab("invitations");
  const email = `viewer-${uid()}@e2e.example`;
  const link = await settings.createInvitation(email, "viewer");

  const guest = await browser.newContext();
  const guestPage = await guest.newPage();
  await guestPage.goto(link);
  await guestPage.getByTestId("accept-name").fill("Vic Viewer");
  await guestPage.getByTestId("accept-password").fill("viewer-pass-1");
  await guestPage.getByTestId("accept-submit").click();
  await expect(guestPage).toHaveURL(/\/w\/demo\/pools/);
  await expect(new Shell(guestPage).role()).toContainText("Viewer");
  await expect(guestPage.getByTestId("new-pool")).toBeDisabled();

  // The link is single-use.
  const again = await browser.newContext();
  const againPage = await again.newPage();
  await againPage.goto(link);
  await expect(againPage.getByTestId("link-error")).toContainText("already been used");
  await guest.close();
  await again.close();
});

test("an API key is shown once, works for the API with its role, and stops working when revoked", async ({ page, request }) => {
  await new SignInPage(page).signIn(E2E_ADMIN.email, E2E_ADMIN.password);
  await new Shell(page).open("settings");
  const settings = new SettingsPage(page);
  await settings.tab("api-keys");
  const name = `ci-${uid()}`;
  const key = await settings.createApiKey(name, "viewer");
  expect(key).toMatch(/^t2s_/);

  const headers = { Authorization: `Bearer ${key}` };
  expect((await request.get("/api/w/demo/pools", { headers })).status()).toBe(200);
  // A viewer key cannot do curator work.
  expect((await request.post("/api/w/demo/pools", { headers, data: { name: `nope-${uid()}` } })).status()).toBe(403);

  // After a reload the secret is gone from the page; only the prefix is listed.
  await page.reload();
  await expect(page.getByTestId("api-key-secret")).toHaveCount(0);
  page.once("dialog", (d) => d.accept());
  await page.getByTestId(`api-key-revoke-${name}`).click();
  await expect(page.getByTestId(`api-key-row-${name}`)).toContainText("revoked");
  expect((await request.get("/api/w/demo/pools", { headers })).status()).toBe(401);
});
