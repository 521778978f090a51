import { expect, type APIRequestContext, type Page } from "@playwright/test";

// The review screen by data-testid, plus the API reads the specs check results with.

export type TReviewItem = { id: string; file: string; section: string; op: string; status: string; version: number; applyStatus: string; lowSupport: boolean; conflictGroup: string | null; edit: { content: string }; editedAfter: string | null };

export async function listItems(request: APIRequestContext, ws: string, run: string): Promise<TReviewItem[]> {
  const res = await request.get(`/api/w/${ws}/runs/${run}/items`);
  expect(res.status(), await res.text()).toBe(200);
  return ((await res.json()) as { items: TReviewItem[] }).items;
}

export class ReviewPage {
  constructor(
    private readonly page: Page,
    private readonly ws: string,
    private readonly run: string,
  ) {}

  async open(query = ""): Promise<void> {
    await this.page.goto(`/w/${this.ws}/runs/${this.run}/review${query}`);
    await expect(this.page.getByTestId("review-header")).toBeVisible();
    await expect(this.page.getByTestId("review-item").first()).toBeVisible();
  }

  item(id: string) {
    return this.page.locator(`[data-testid="review-item"][data-item-id="${id}"]`);
  }

  pane() {
    return this.page.getByTestId("review-item-pane");
  }

  async select(id: string): Promise<void> {
    await this.item(id).click();
    await expect(this.pane()).toHaveAttribute("data-item-id", id);
    await expect(this.page.getByTestId("item-diff-editor")).toHaveAttribute("data-ready", "true");
  }

  async accept(): Promise<void> {
    await this.page.getByTestId("item-accept").click();
  }

  async reject(reason: string, by: "button" | "keyboard" = "button"): Promise<void> {
    if (by === "keyboard") await this.page.keyboard.press("r");
    else await this.page.getByTestId("item-reject").click();
    await this.page.getByTestId("reject-reason").fill(reason);
    await this.page.getByTestId("reject-confirm").click();
  }

  /** Edit mode puts the caret at the end of the item's first changed line; type there and save. */
  async editAppend(text: string): Promise<void> {
    await this.page.getByTestId("item-edit").click();
    await expect.poll(() => this.page.evaluate(() => Boolean(document.activeElement?.closest(".modified-in-monaco-diff-editor")))).toBe(true);
    await this.page.keyboard.type(text);
    await this.page.getByTestId("edit-save").click();
  }

  async tab(id: "items" | "preview" | "audit"): Promise<void> {
    await this.page.getByTestId(`review-tab-${id}`).click();
    await expect(this.page.getByTestId(`review-tab-${id}`)).toHaveAttribute("aria-current", "page");
  }
}
