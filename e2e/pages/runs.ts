import { expect, type Page } from "@playwright/test";

// Page objects for runs: the new-run form, the live run page and the merge-tree inspector.

export class NewRunPage {
  constructor(private readonly page: Page) {}

  async open(): Promise<void> {
    await this.page.getByTestId("nav-runs").click();
    await this.page.getByTestId("new-run").click();
    await expect(this.page.getByTestId("run-submit")).toBeVisible();
  }

  llmMode() {
    return this.page.getByTestId("run-llm-mode");
  }

  async fill(opts: { pool: string; skill?: string; analysts: "error" | "success" | "combined"; sample?: number; minSupport?: number; fanIn?: number }): Promise<void> {
    await this.page.getByTestId("run-pool").selectOption(opts.pool);
    if (opts.skill) {
      await this.page.getByTestId("run-base-deepen").check();
      await this.page.getByTestId("run-skill").selectOption(opts.skill);
    }
    await this.page.getByTestId(`run-analysts-${opts.analysts}`).click();
    if (opts.sample) await this.page.getByTestId("run-sample").fill(String(opts.sample));
    if (opts.minSupport) await this.page.getByTestId("run-min-support").fill(String(opts.minSupport));
    if (opts.fanIn) await this.page.getByTestId("run-fan-in").fill(String(opts.fanIn));
  }

  async submit(): Promise<void> {
    await this.page.getByTestId("run-submit").click();
    await expect(this.page).toHaveURL(/\/runs\/[a-z0-9]+$/);
  }
}

export class RunPage {
  constructor(private readonly page: Page) {}

  status() {
    return this.page.getByTestId("run-status");
  }

  stage(name: "analyse" | "map" | "merge" | "apply") {
    return this.page.getByTestId(`stage-${name}`);
  }

  async waitFinished(status = "succeeded", timeout = 120_000): Promise<void> {
    await expect(this.status()).toHaveAttribute("data-status", status, { timeout });
  }

  async openMergeTree(): Promise<void> {
    await this.page.getByTestId("run-link-merge").click();
    await expect(this.page.getByTestId("merge-tree")).toBeVisible();
  }
}

export class MergeTreePage {
  constructor(private readonly page: Page) {}

  nodes(kind?: string) {
    return kind ? this.page.locator(`[data-testid="merge-node"][data-kind="${kind}"]`) : this.page.getByTestId("merge-node");
  }

  panel() {
    return this.page.getByTestId("merge-node-panel");
  }
}
