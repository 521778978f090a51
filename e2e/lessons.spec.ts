import { expect, test } from "@playwright/test";
import { E2E_ADMIN } from "../playwright.config";
import { SignInPage } from "./pages/app";
import { finishedRun, LessonsPage } from "./pages/lessons";
import { shoot } from "./support/shoot";

// Lessons beside their traces: a finished rule-based run of the demo pool, a lesson's cited step
// highlighted in the trace, the reverse lookup from a step, an edit, a reject, and a stale save
// that shows the other person's version (409) and re-applies on top of it.



type TLesson = { id: string; version: number; title: string; stepRefs: number[] };

test("lessons beside the trace: highlight a cited step, edit, reject, and a 409 that keeps both changes", async ({ page }, testInfo) => {
  test.setTimeout(240_000);
  await page.setViewportSize({ width: 1440, height: 860 });
  await new SignInPage(page).signIn(E2E_ADMIN.email, E2E_ADMIN.password);
  const run = await finishedRun(page.request);
  const lessons = new LessonsPage(page);

  // Failed trajectories with analysed lessons; filters live in the URL.
  await lessons.open(run, "?outcome=failure&status=done");
  await expect(page.getByTestId("filter-outcome")).toHaveValue("failure");
  await lessons.openTrajectory(0);
  await expect(page).toHaveURL(/[?&]t=/);
  await expect(lessons.lessons().first().getByText("rule-based", { exact: true })).toBeVisible();

  // Clicking a lesson scrolls the trace to its first cited step and highlights it.
  const first = lessons.lessons().first();
  const firstId = (await first.getAttribute("data-lesson-id"))!;
  const cited = Number(await first.getByTestId("step-chip").first().getAttribute("data-step"));
  await first.getByTestId("lesson-open").click();
  await expect(page).toHaveURL(new RegExp(`lesson=${firstId}.*#step-${cited}$`));
  await expect(lessons.step(cited)).toHaveAttribute("data-active", "true");
  await expect(lessons.step(cited)).toHaveAttribute("data-marked", "true");
  await expect(lessons.step(cited)).toBeInViewport();
  // From the step: the lessons that cite it.
  await expect(page.getByTestId("cited-by")).toHaveAttribute("data-step", String(cited));
  await expect(page.getByTestId("cited-by-lesson").first()).toBeVisible();
  await shoot(page, testInfo, "lessons");

  // Edit the first lesson inline: saved as edited, the analyst's wording kept.
  await lessons.edit(firstId, "Read the tool error before retrying the same call");
  await expect(lessons.lesson(firstId)).toHaveAttribute("data-status", "edited");
  await expect(lessons.lesson(firstId).getByTestId("lesson-title")).toHaveText("Read the tool error before retrying the same call");
  await expect(lessons.lesson(firstId).getByText("Analyst's original wording")).toBeVisible();

  // j moves to the next lesson; r rejects it with a reason.
  const count = await lessons.lessons().count();
  if (count > 1) {
    await page.keyboard.press("j");
    const secondId = (await lessons.lessons().nth(1).getAttribute("data-lesson-id"))!;
    await expect(lessons.lesson(secondId)).toHaveAttribute("data-selected", "true");
    await page.keyboard.press("r");
    await expect(page.getByTestId("reject-dialog")).toBeVisible();
    await page.getByTestId("reject-reason").fill("Only true for this workbook.");
    await page.getByTestId("reject-confirm").click();
    await expect(lessons.lesson(secondId)).toHaveAttribute("data-status", "rejected");
    await expect(lessons.lesson(secondId).getByText("Rejected: Only true for this workbook.")).toBeVisible();
  }

  // Someone else saves the first lesson meanwhile (through the API, on the version we also hold).
  const trajectory = new URL(page.url()).searchParams.get("t")!;
  const detail = (await (await page.request.get(`/api/w/demo/runs/${run}/lessons/${trajectory}`)).json()) as { lessons: TLesson[] };
  const mine = detail.lessons.find((l) => l.id === firstId)!;
  const other = await page.request.patch(`/api/w/demo/lessons/${firstId}`, { data: { version: mine.version, content: "Changed by a colleague in another tab." } });
  expect(other.status()).toBe(200);
  const stale = await page.request.patch(`/api/w/demo/lessons/${firstId}`, { data: { version: mine.version, title: "stale" } });
  expect(stale.status()).toBe(409);
  expect(((await stale.json()) as { error: { details: { current: TLesson } } }).error.details.current.version).toBe(mine.version + 1);

  // Our screen still holds the old version: the save is refused, their version is shown, ours re-applied on top.
  await lessons.edit(firstId, "Read the error message before any retry");
  const conflict = lessons.lesson(firstId).getByTestId("lesson-conflict");
  await expect(conflict).toBeVisible();
  await expect(lessons.lesson(firstId)).toContainText("Changed by a colleague in another tab.");
  await conflict.getByTestId("lesson-conflict-reapply").click();
  await expect(conflict).toBeHidden();
  await expect(lessons.lesson(firstId).getByTestId("lesson-title")).toHaveText("Read the error message before any retry");
  await expect(lessons.lesson(firstId)).toContainText("Changed by a colleague in another tab.");

  // The calls page and the prompt templates the run used.
  await page.getByTestId("calls-link").click();
  await expect(page.getByTestId("run-prompt-versions")).toBeVisible();
  await expect(page.getByTestId("calls-empty").or(page.getByTestId("call-row").first())).toBeVisible();
  await shoot(page, testInfo, "calls");
  await page.getByTestId("prompts-link").click();
  await expect(page.getByTestId("prompt").first()).toBeVisible();
  await expect(page.getByTestId("prompt-system").first()).not.toBeEmpty();
  await shoot(page, testInfo, "prompts");
});
