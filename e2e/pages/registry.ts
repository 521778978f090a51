import { expect, type Page } from "@playwright/test";

// Page objects of the registry: the catalogue, a version page with its provenance drill-down, the diff.

export class RegistryPage {
  constructor(private readonly page: Page, private readonly ws: string) {}

  async open(): Promise<void> {
    await this.page.goto(`/w/${this.ws}/registry`);
    await expect(this.page.getByRole("heading", { name: "Registry" })).toBeVisible();
  }

  entry(name: string) {
    return this.page.getByTestId("registry-entry").filter({ has: this.page.getByTestId(`registry-open-${name}`) });
  }

  async search(q: string): Promise<void> {
    await this.page.getByTestId("registry-search").fill(q);
  }
}

export class VersionPage {
  constructor(private readonly page: Page) {}

  async openFile(path: string): Promise<void> {
    await this.page.getByTestId("tab-files").click();
    await this.page.getByTestId(`file-${path}`).click();
    await expect(this.page.getByTestId("provenance-editor")).toHaveAttribute("data-ready", "true");
  }

  /** The 1-based lines the editor marks as written by proposal items. */
  async markedLines(): Promise<number[]> {
    const attr = (await this.page.getByTestId("provenance-editor").getAttribute("data-marked-lines")) ?? "";
    return attr.split(",").filter(Boolean).map(Number);
  }

  /** Clicks a line of the Monaco editor by revealing it and clicking its rendered row. */
  async clickLine(line: number): Promise<void> {
    const editor = this.page.getByTestId("provenance-editor");
    for (let i = 0; i < 40; i++) {
      const row = editor.locator(".view-lines .view-line").nth(0);
      await row.waitFor();
      const top = await editor.locator(".margin-view-overlays .line-numbers").evaluateAll((els, l) => {
        const el = els.find((e) => e.textContent?.trim() === String(l));
        return el ? (el.getBoundingClientRect().top + el.getBoundingClientRect().bottom) / 2 : null;
      }, line);
      if (top !== null) {
        const box = (await editor.locator(".view-lines").boundingBox())!;
        await this.page.mouse.click(box.x + 60, top);
        return;
      }
      await editor.locator(".monaco-scrollable-element").first().hover();
      await this.page.mouse.wheel(0, 200);
    }
    throw new Error(`line ${line} never rendered`);
  }
}
