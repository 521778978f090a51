import { expect, type Page } from "@playwright/test";

// Page objects for the skills screens (data-testid selectors only).

export type TUploadFile = { name: string; mimeType: string; buffer: Buffer };

export class SkillsPage {
  constructor(private readonly page: Page) {}

  row(name: string) {
    return this.page.getByTestId(`skill-row-${name}`);
  }

  async createSkill(name: string, description: string): Promise<void> {
    await this.page.getByTestId("new-skill").click();
    const dialog = this.page.getByTestId("new-skill-dialog");
    await dialog.getByTestId("skill-name").fill(name);
    await dialog.getByTestId("skill-description").fill(description);
    await dialog.getByTestId("skill-create-submit").click();
    await expect(this.page).toHaveURL(new RegExp(`/skills/${name}`));
    await expect(this.page.getByTestId("skill-title")).toHaveText(name);
  }

  /** Opens the import dialog and hands it one file (a .zip or a SKILL.md). */
  async importFile(file: TUploadFile): Promise<void> {
    await this.page.getByTestId("import-skill").click();
    await expect(this.page.getByTestId("import-skill-dialog")).toBeVisible();
    await this.page.getByTestId("skill-import-file").setInputFiles(file);
  }

  importErrors() {
    return this.page.getByTestId("skill-import-error");
  }

  async open(name: string): Promise<void> {
    await this.page.getByTestId(`skill-link-${name}`).click();
    await expect(this.page.getByTestId("skill-title")).toHaveText(name);
  }
}

export class SkillDetailPage {
  constructor(private readonly page: Page) {}

  editor() {
    return this.page.getByTestId("skill-file-editor");
  }

  /** The text Monaco renders (its visible lines), once the editor has mounted. */
  async expectEditorShows(text: string): Promise<void> {
    await expect(this.editor()).toHaveAttribute("data-ready", "true", { timeout: 20_000 });
    await expect(this.editor().locator(".view-lines")).toContainText(text);
  }

  async openFile(path: string): Promise<void> {
    await this.page.getByTestId(`file-${path}`).click();
    await expect(this.page.getByTestId("selected-file")).toHaveText(path);
  }

  finding(rule: string) {
    return this.page.locator(`[data-testid="lint-finding"][data-rule="${rule}"]`);
  }
}
