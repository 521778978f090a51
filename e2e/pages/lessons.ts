import { expect, type APIRequestContext, type Page } from "@playwright/test";

// The lessons screen and the calls page, by data-testid.

const DEMO_WS = "demo";

/** A finished run in the demo workspace: the seeded demo run, else one created (rule-based without an LLM) through the API. */
export async function finishedRun(request: APIRequestContext): Promise<string> {
  const list = (await (await request.get(`/api/w/${DEMO_WS}/runs`)).json()) as { runs: { id: string; status: string; pool: string }[] };
  const done = list.runs.find((r) => r.status === "succeeded");
  if (done) return done.id;
  const created = await request.post(`/api/w/${DEMO_WS}/runs`, { data: { pool: "demo-spreadsheet-agent", skill: "spreadsheet-basics", config: { analysts: "combined", sample: 16 } } });
  expect(created.status(), await created.text()).toBe(201);
  const { run } = (await created.json()) as { run: { id: string } };
  await expect
    .poll(async () => ((await (await request.get(`/api/w/${DEMO_WS}/runs/${run.id}`)).json()) as { run: { status: string } }).run.status, { timeout: 120_000, intervals: [1000] })
    .toBe("succeeded");
  return run.id;
}

export class LessonsPage {
  constructor(private readonly page: Page) {}

  async open(run: string, query = ""): Promise<void> {
    await this.page.goto(`/w/${DEMO_WS}/runs/${run}/lessons${query}`);
    await expect(this.page.getByTestId("trajectory-filters")).toBeVisible();
  }

  trajectories() {
    return this.page.getByTestId("run-trajectory");
  }

  lessons() {
    return this.page.getByTestId("lesson");
  }

  lesson(id: string) {
    return this.page.locator(`[data-testid="lesson"][data-lesson-id="${id}"]`);
  }

  step(index: number) {
    return this.page.locator(`[data-testid="step"][data-index="${index}"]`);
  }

  async openTrajectory(index = 0): Promise<void> {
    await this.trajectories().nth(index).click();
    await expect(this.lessons().first()).toBeVisible();
    await expect(this.page.getByTestId("trace-scroll")).toHaveAttribute("data-ready", "true");
  }

  async edit(id: string, title: string): Promise<void> {
    const card = this.lesson(id);
    await card.getByTestId("lesson-edit").click();
    await card.getByTestId("lesson-edit-title").fill(title);
    await card.getByTestId("lesson-edit-save").click();
  }

  async reject(id: string, reason: string): Promise<void> {
    await this.lesson(id).getByTestId("lesson-reject").click();
    await this.page.getByTestId("reject-reason").fill(reason);
    await this.page.getByTestId("reject-confirm").click();
    await expect(this.lesson(id)).toHaveAttribute("data-status", "rejected");
  }
}
