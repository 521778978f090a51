import { strToU8, zipSync } from "fflate";
import { expect, test } from "@playwright/test";
import { E2E_ADMIN } from "../playwright.config";
import { Shell, SignInPage } from "./pages/app";
import { SkillDetailPage, SkillsPage } from "./pages/skills";
import { shoot } from "./support/shoot";

// Skills journey: create one from scratch, import a .zip (built here with fflate) with a binary
// file in it, refuse a zip-slip archive with the path named, open the import in Monaco, see the
// binary file's facts and download it, and jump to a lint warning. With T2S_UPDATE_SCREENSHOTS=1
// the list and the demo skill's page are saved for the README.

const suffix = () => Date.now().toString(36);
/** The first bytes of a PNG, then a few more: a binary file the import must keep as it is. */
const LOGO = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d, 0x49, 0x48, 0x44, 0x52]);

function skillZip(name: string): Buffer {
  const skillMd = `---\nname: ${name}\ndescription: Clean CSV exports before loading them into a spreadsheet. Use when a CSV has stray headers or mixed delimiters.\n---\n\n# CSV cleanup\n\n## Workflow\n\n1. Sniff the delimiter.\n2. Drop repeated header rows.\n3. Follow [the delimiter guide](references/delimiters.md).\n`;
  return Buffer.from(
    zipSync({
      [`${name}/SKILL.md`]: strToU8(skillMd),
      [`${name}/references/delimiters.md`]: strToU8("# Delimiters\n\nUse csv.Sniffer on the first 4 KB.\n"),
      [`${name}/references/encodings.md`]: strToU8("# Encodings\n\nOrphanedReferenceText: utf-8-sig for Excel exports.\n"),
      [`${name}/assets/logo.png`]: LOGO,
    }),
  );
}

test("create a skill, import a zip, read it in Monaco and jump to a lint warning", async ({ page }, testInfo) => {
  // A long journey (two imports, Monaco loading twice) on a shared two-core machine.
  test.setTimeout(120_000);
  await page.setViewportSize({ width: 1360, height: 800 });
  await new SignInPage(page).signIn(E2E_ADMIN.email, E2E_ADMIN.password);
  const shell = new Shell(page);
  const skills = new SkillsPage(page);
  const detail = new SkillDetailPage(page);

  await shell.open("skills");
  // The base skill npm start seeds for the demo pool.
  // 1.0.0 as seeded, or later when another journey published a version of it first.
  await expect(skills.row("spreadsheet-basics")).toContainText(/\d+\.\d+\.\d+/);

  const created = `weekly-report-${suffix()}`;
  await skills.createSkill(created, "Write the weekly sales report from the CRM export.");
  await expect(page.getByTestId("lint-clean")).toBeVisible();
  await detail.expectEditorShows("Workflow");

  await shell.open("skills");
  await expect(skills.row(created)).toContainText("0.1.0");
  const evil = Buffer.from(zipSync({ "SKILL.md": strToU8(`---\nname: evil-${suffix()}\ndescription: x\n---\n\n# Evil\n\nx\n`), "../outside.md": strToU8("x") }));
  await skills.importFile({ name: "evil.zip", mimeType: "application/zip", buffer: evil });
  await expect(skills.importErrors().first()).toHaveAttribute("data-path", "../outside.md");
  await expect(page.getByTestId("skill-import-errors")).toContainText("../outside.md");
  await page.keyboard.press("Escape");

  const imported = `csv-cleanup-${suffix()}`;
  await skills.importFile({ name: `${imported}.zip`, mimeType: "application/zip", buffer: skillZip(imported) });
  await expect(page).toHaveURL(new RegExp(`/skills/${imported}`));
  await expect(page.getByTestId("skill-title")).toHaveText(imported);
  await detail.expectEditorShows("Sniff");
  await detail.openFile("references/delimiters.md");
  await detail.expectEditorShows("Sniffer");
  await detail.openFile("assets/logo.png");
  await expect(page.getByTestId("binary-file")).toContainText(`${LOGO.length} bytes`);
  await shoot(page, testInfo, "skill-binary-file");
  const download = await page.request.get((await page.getByTestId("binary-file").getByRole("link", { name: "Download" }).getAttribute("href"))!);
  expect(download.headers()["content-disposition"]).toBe("attachment; filename*=UTF-8''logo.png");
  expect(Buffer.from(await download.body())).toEqual(Buffer.from(LOGO));

  const warning = detail.finding("reference/orphan");
  await expect(warning).toContainText("references/encodings.md");
  await warning.click();
  await expect(page.getByTestId("selected-file")).toHaveText("references/encodings.md");
  await detail.expectEditorShows("OrphanedReferenceText");
  await expect(detail.editor()).toHaveAttribute("data-revealed-line", "1");
  await expect(page).toHaveURL(/file=references%2Fencodings\.md&line=1|file=references\/encodings\.md&line=1/);

  await shell.open("skills");
  await expect(page.getByTestId(`skill-lint-${imported}`)).toHaveAttribute("data-warnings", "1");
  await shoot(page, testInfo, "skills");
  await skills.open("spreadsheet-basics");
  await detail.expectEditorShows("Spreadsheet basics");
  await shoot(page, testInfo, "skill-detail");
});
