import { expect, test, type APIRequestContext } from "@playwright/test";
import { E2E_ADMIN } from "../playwright.config";
import { SignInPage } from "./pages/app";
import { LessonsPage } from "./pages/lessons";
import { listItems, ReviewPage, type TReviewItem } from "./pages/review";
import { shoot } from "./support/shoot";

// Review journey on a run of its own (created through the API over the seeded demo pool, rule-based):
// lessons beside a trace with the cited step highlighted → accept one item, edit one in Monaco's
// modified pane, reject one with a reason → the preview holds exactly those changes → the run's
// audit view lists the three decisions. Then two people on one item: the stale reject is a 409
// that shows the other change, and the API keeps the accept (no lost update).

const WS = "demo";
const MARK = " EDITED-BY-E2E";


let runPromise: Promise<string> | null = null;
/** The journey's run (created once). */
function reviewRun(request: APIRequestContext): Promise<string> {
  runPromise ??= createReviewRun(request);
  return runPromise;
}

/** A finished rule-based run on the demo pool, with all its items pending. */
function createReviewRun(request: APIRequestContext): Promise<string> {
  return (async () => {
    const created = await request.post(`/api/w/${WS}/runs`, { data: { pool: "demo-spreadsheet-agent", skill: "spreadsheet-basics", config: { analysts: "combined", sample: 60, minSupport: 1 } } });
    expect(created.status(), await created.text()).toBe(201);
    const { run } = (await created.json()) as { run: { id: string } };
    await expect.poll(async () => ((await (await request.get(`/api/w/${WS}/runs/${run.id}`)).json()) as { run: { status: string } }).run.status, { timeout: 180_000, intervals: [1000] }).toBe("succeeded");
    return run.id;
  })();
}

const firstLine = (i: TReviewItem) => i.edit.content.split("\n").find((l) => l.trim().length > 3)?.trim() ?? "";

/** Pending, applied, non-conflicting items whose first content lines are distinct from each other. */
function plainItems(items: TReviewItem[]): TReviewItem[] {
  const out: TReviewItem[] = [];
  for (const i of items) {
    if (i.status !== "pending" || i.applyStatus !== "applied" || i.conflictGroup || i.op === "create" || i.op.includes("delete") || !firstLine(i)) continue;
    if (out.some((o) => firstLine(o) === firstLine(i) || o.edit.content.includes(firstLine(i)) || i.edit.content.includes(firstLine(o)))) continue;
    out.push(i);
  }
  return out;
}

test("review: lessons beside the trace, accept / edit / reject in the diff, preview and audit show exactly those", async ({ page }, testInfo) => {
  test.setTimeout(300_000);
  await page.setViewportSize({ width: 1440, height: 860 });
  await new SignInPage(page).signIn(E2E_ADMIN.email, E2E_ADMIN.password);
  const run = await reviewRun(page.request);

  // The evidence first: a failed trajectory's lessons beside its trace, the cited step highlighted.
  const lessons = new LessonsPage(page);
  await lessons.open(run, "?outcome=failure&status=done");
  await lessons.openTrajectory(0);
  const lesson = lessons.lessons().first();
  const cited = Number(await lesson.getByTestId("step-chip").first().getAttribute("data-step"));
  await lesson.getByTestId("lesson-open").click();
  await expect(lessons.step(cited)).toHaveAttribute("data-marked", "true");
  await shoot(page, testInfo, "review-journey-lessons");

  const [a, b, c] = plainItems(await listItems(page.request, WS, run));
  expect(c, "the run needs three independent pending items").toBeTruthy();
  const review = new ReviewPage(page, WS, run);
  await review.open(`?item=${a.id}`);
  await expect(page.getByTestId("review-counts")).toContainText("pending");
  await expect(review.pane()).toHaveAttribute("data-item-id", a.id);
  await expect(page.getByTestId("evidence-support")).toContainText("E");

  await review.accept();
  await expect(review.pane()).toHaveAttribute("data-status", "accepted");
  await expect(review.item(a.id)).toHaveAttribute("data-status", "accepted");

  await review.select(b.id);
  await review.editAppend(MARK);
  await expect(page.getByTestId("edit-error")).toHaveCount(0);
  await expect(review.pane()).toHaveAttribute("data-status", "edited");

  await review.select(c.id);
  await review.reject("Task-specific: true for one workbook only.", "keyboard");
  await expect(review.pane()).toHaveAttribute("data-status", "rejected");
  await expect(page.getByTestId("evidence-decision")).toContainText("Task-specific");

  // j / k walk the list in its file → section order.
  await review.select(b.id);
  const order = await page.getByTestId("review-item").evaluateAll((els) => els.map((e) => e.getAttribute("data-item-id")!));
  const next = order[order.indexOf(b.id) + 1];
  if (next) {
    await page.keyboard.press("j");
    await expect(review.pane()).toHaveAttribute("data-item-id", next);
    await expect(page).toHaveURL(new RegExp(`item=${next}`));
    await page.keyboard.press("k");
    await expect(review.pane()).toHaveAttribute("data-item-id", b.id);
  }
  await expect(page.getByTestId("evidence-lessons")).toBeVisible();
  await expect(page.getByTestId("item-diff-editor")).toHaveAttribute("data-ready", "true");
  await shoot(page, testInfo, "review");

  // `?` lists the review shortcuts beside the global ones (focus outside Monaco).
  await page.getByTestId("review-header").click();
  await page.keyboard.press("?");
  await expect(page.getByTestId("shortcuts-review")).toContainText("Accept");
  await page.keyboard.press("Escape");

  // Preview: base + the accepted and the edited item; the rejected one is absent.
  await review.tab("preview");
  await expect(page.getByTestId("preview-summary")).toContainText("2 decided items applied");
  await expect(page.getByTestId("preview-diff-editor")).toHaveAttribute("data-ready", "true");
  await shoot(page, testInfo, "preview");
  const preview = (await (await page.request.get(`/api/w/${WS}/runs/${run}/preview`)).json()) as { files: Record<string, string>; base: Record<string, string>; outcomes: { id: string }[] };
  expect(preview.outcomes.map((o) => o.id).sort()).toEqual([a.id, b.id].sort());
  expect(preview.files[a.file]).toContain(firstLine(a));
  expect(preview.files[b.file]).toContain(MARK.trim());
  if (!(preview.base[c.file] ?? "").includes(firstLine(c))) expect(preview.files[c.file] ?? "").not.toContain(firstLine(c));

  // Audit: the three decisions, newest first, and the action filter.
  await review.tab("audit");
  const rows = page.locator('[data-testid="audit-row"]');
  await expect(rows.first()).toBeVisible();
  const mine = async () =>
    (await rows.evaluateAll((els) => els.map((e) => `${e.getAttribute("data-action")} ${e.getAttribute("data-item-id")}`))).filter((r) => [a.id, b.id, c.id].some((id) => r.endsWith(id)));
  expect(await mine()).toEqual([`item.reject ${c.id}`, `item.edit ${b.id}`, `item.accept ${a.id}`]);
  await page.getByTestId("audit-action").selectOption("item.reject");
  await expect.poll(mine).toEqual([`item.reject ${c.id}`]);
  await page.getByTestId("audit-action").selectOption("");
  await expect.poll(mine).toHaveLength(3);
  await shoot(page, testInfo, "review-audit");
});

test("two people on one item: the stale reject gets 409, shows the accept, and nothing is lost", async ({ page, browser }, testInfo) => {
  test.setTimeout(300_000);
  await page.setViewportSize({ width: 1440, height: 860 });
  await new SignInPage(page).signIn(E2E_ADMIN.email, E2E_ADMIN.password);
  // Its own run: the journey above may already have decided the few plain items of a shared one.
  const run = await createReviewRun(page.request);
  const colleague = { email: `curator-${Date.now().toString(36)}@e2e.example`, name: "Casey Curator", password: "e2e-curator-password" };
  const added = await page.request.post(`/api/w/${WS}/members`, { data: { ...colleague, role: "curator" } });
  expect(added.status(), await added.text()).toBe(201);

  const items = plainItems(await listItems(page.request, WS, run));
  const target = items[items.length - 1];
  expect(target).toBeTruthy();

  const other = await browser.newContext({ baseURL: testInfo.project.use.baseURL, viewport: { width: 1440, height: 860 } });
  const pageB = await other.newPage();
  await new SignInPage(pageB).signIn(colleague.email, colleague.password);

  const mineA = new ReviewPage(page, WS, run);
  const mineB = new ReviewPage(pageB, WS, run);
  await mineA.open(`?item=${target.id}`);
  await mineB.open(`?item=${target.id}`);
  await expect(mineB.pane()).toHaveAttribute("data-version", String(target.version));

  await mineA.accept();
  await expect(mineA.pane()).toHaveAttribute("data-status", "accepted");

  // B still looks at the old version; the reject is refused and A's accept is shown.
  await mineB.reject("I think this is wrong.");
  const notice = pageB.getByTestId("stale-notice");
  await expect(notice).toBeVisible();
  await expect(pageB.getByTestId("stale-theirs")).toContainText("accepted");
  await expect(pageB.getByTestId("stale-theirs")).toContainText(E2E_ADMIN.name);
  await shoot(pageB, testInfo, "review-409");

  const detail = (await (await page.request.get(`/api/w/${WS}/items/${target.id}`)).json()) as { item: { status: string; version: number } };
  expect(detail.item).toMatchObject({ status: "accepted", version: target.version + 1 });

  await pageB.getByTestId("stale-use-theirs").click();
  await expect(notice).toHaveCount(0);
  await expect(mineB.pane()).toHaveAttribute("data-status", "accepted");
  await other.close();
});
