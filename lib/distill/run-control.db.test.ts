import { createHash } from "node:crypto";
import { afterEach, describe, expect, test } from "vitest";
import { db } from "../db/client";
import { createTestPool, createTestWorkspace, setupPrincipal } from "../testing/builders";
import { distillScript } from "../testing/fake-openai/distill-script";
import { createTestLlm } from "../testing/fake-openai/llm-harness";
import { startFakeOpenAI, type TFakeOpenAI } from "../testing/fake-openai/server";
import { createTestRun } from "../testing/runs";
import { importTestTrajectories, type TTrajectorySpec } from "../testing/trajectories";
import { createRun } from "./create-run";
import { driveRun } from "./drive-run";
import { getMergeNode, getMergeTree } from "./merge-tree";
import { planMergeTree } from "./merge-plan";
import { ZCreateRun } from "./run-config";
import { cancelRun, retryFailedItems } from "./run-control";
import { getRunDetail } from "./run-detail";
import { listRunFailures } from "./run-failures";
import { getRunProgress } from "./run-progress";
import { demoTrajectories, SAMPLE_SKILL } from "./testing/fixtures";

// Progress, failures, cancel, retry and the merge tree of real runs (rule-based, and the LLM path
// against the fake server with refusals). The queue is bypassed: start records the call.

let server: TFakeOpenAI | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

async function setup(count: number) {
  const ws = await createTestWorkspace();
  const pool = await createTestPool({ workspace: ws });
  await importTestTrajectories(ws, pool, (await demoTrajectories()).slice(0, count) as TTrajectorySpec[]);
  const skill = await db().skill.create({ data: { workspaceId: ws.id, name: "xlsx" } });
  const files = Object.entries(SAMPLE_SKILL).map(([path, content]) => ({ path, content, sha256: createHash("sha256").update(content).digest("hex"), size: content.length }));
  const version = await db().skillVersion.create({ data: { skillId: skill.id, version: "1.0.0", contentHash: `h-${skill.id}`, files: { create: files } } });
  await db().distTag.create({ data: { skillId: skill.id, name: "latest", versionId: version.id } });
  return { ws, pool };
}

const started: string[] = [];
const start = async (id: string) => void started.push(id);

describe("run progress and the merge tree", () => {
  test("a finished rule-based run: counts per stage, merge levels from the plan, a tree whose nodes say what they did", async () => {
    const { ws, pool } = await setup(30);
    const { id } = await createRun(ws.id, setupPrincipal(ws), ZCreateRun.parse({ pool: pool.name, skill: "xlsx", config: { analysts: "combined", fanIn: 3, minSupport: 1 } }), { llm: null, start });
    const before = await getRunProgress(id);
    expect(before).toMatchObject({ status: "queued", finished: false, analyse: { pending: before.analyse.total, done: 0 }, merge: { levels: 0, level: 0 }, elapsedMs: null, etaMs: null });

    await driveRun(id, { llm: null, maskSecrets: true });
    const p = await getRunProgress(id);
    const analyses = await db().analysis.groupBy({ by: ["status"], where: { runId: id }, _count: true });
    expect(p.analyse.total).toBe(analyses.reduce((n, a) => n + a._count, 0));
    expect(p.analyse.done + p.analyse.skipped + p.analyse.failed).toBe(p.analyse.total);
    expect(p.map.done).toBe(await db().patch.count({ where: { runId: id, level: 0, status: "ok" } }));
    const plan = planMergeTree(p.map.withEdits, 3, 5);
    expect(p.merge.levels).toBe(plan.levels.length);
    expect(p.merge.levels).toBeGreaterThanOrEqual(2);
    expect(p.merge.level).toBe(p.merge.levels);
    expect(p.merge.perLevel.map((l) => l.nodes)).toEqual(plan.levels.map((l) => l.length));
    expect(p.merge.perLevel.every((l) => l.done === l.nodes)).toBe(true);
    expect(p).toMatchObject({ status: "succeeded", finished: true, apply: { started: true, done: true }, etaMs: null, failures: 0 });
    expect(p.apply.items).toBe(await db().proposalItem.count({ where: { runId: id } }));

    const detail = await getRunDetail(ws.id, id);
    expect(detail).toMatchObject({ pool: { name: pool.name }, base: { kind: "deepen", skill: "xlsx", version: "1.0.0" }, models: { kind: "rule-based" }, config: { fanIn: 3 } });
    await expect(getRunDetail((await createTestWorkspace()).id, id)).rejects.toThrow(/No such run/);

    const tree = await getMergeTree(id);
    expect(tree.levels.map((l) => l.level)).toEqual([0, ...plan.levels.map((_, i) => i + 1)]);
    for (const [i, nodes] of plan.levels.entries()) {
      const level = tree.levels[i + 1]!;
      expect(level.nodes.map((n) => n.inputs.length)).toEqual(nodes.map((n) => n.inputs.length));
      // Every input of a node is a row of the level below, and points back to the node.
      for (const n of level.nodes) for (const input of n.inputs) expect(tree.levels[i]!.nodes.find((x) => x.id === input.id)?.parentId).toBe(n.id);
    }
    expect(tree.finalId).toBe(tree.levels.at(-1)!.nodes[0]!.id);
    const merged = tree.levels.slice(1).flatMap((l) => l.nodes).find((n) => n.node === "merged" && n.deduplicated > 0);
    expect(merged, "some node deduplicated edits of two inputs").toBeDefined();
    const node = await getMergeNode(id, merged!.id);
    expect(node.edits.length).toBe(merged!.edits);
    const dedup = node.edits.find((e) => e.from.length >= 2)!;
    expect(dedup.support.total).toBeGreaterThanOrEqual(2);
    expect(dedup.support.error + dedup.support.success + dedup.support.other).toBe(dedup.support.total);
  });

  test("refusals: failures listed with reasons and paged; retry makes the calls again and only those", async () => {
    const { ws, pool } = await setup(16);
    server = await startFakeOpenAI(distillScript({ seed: 3, faultRate: 0.35, faultKinds: ["refusal"] }));
    const noRetry = { retry: { maxRetries: 0, baseDelayMs: 1, maxDelayMs: 1, maxRetryAfterMs: 1, retryAfterJitterMs: 0 } };
    const { llm } = createTestLlm(server, noRetry);
    const { id } = await createRun(ws.id, setupPrincipal(ws), ZCreateRun.parse({ pool: pool.name, skill: "xlsx", config: { analysts: "combined", concurrency: 4, minSupport: 1 } }), { llm, start });
    await driveRun(id, { llm, maskSecrets: true });

    const p = await getRunProgress(id);
    expect(p.status).toBe("succeeded");
    expect(p.analyse.failed).toBeGreaterThan(0);
    expect(p.tokensIn).toBeGreaterThan(0);
    const all = await listRunFailures(id, { offset: 0, limit: 100 });
    expect(all.total).toBe(p.failures);
    expect(all.items.filter((f) => f.kind === "analysis")).toHaveLength(p.analyse.failed);
    expect(all.items.every((f) => f.reason === "refusal" && f.message.length > 0)).toBe(true);
    const first = await listRunFailures(id, { offset: 0, limit: 1 });
    const rest = await listRunFailures(id, { offset: 1, limit: 100 });
    expect([...first.items, ...rest.items].map((f) => f.id)).toEqual(all.items.map((f) => f.id));
    expect(first.nextOffset).toBe(all.total > 1 ? 1 : null);

    const failedIds = (await db().analysis.findMany({ where: { runId: id, status: "failed" }, select: { trajectoryId: true } })).map((a) => a.trajectoryId);
    server.setScript(distillScript({ seed: 3 }));
    server.reset();
    started.length = 0;
    const result = await retryFailedItems(ws.id, setupPrincipal(ws), id, { start });
    expect(result.analyses).toBe(failedIds.length);
    expect(started).toEqual([id]);
    expect(await db().durableStep.count({ where: { runId: id, key: { in: failedIds.map((t) => `analyse:${t}`) } } })).toBe(0);
    expect(await getRunProgress(id)).toMatchObject({ status: "queued", analyse: { failed: 0, pending: failedIds.length } });
    expect(await db().auditEvent.count({ where: { entityId: id, action: "run.retry" } })).toBe(1);

    await driveRun(id, { llm, maskSecrets: true });
    const after = await getRunProgress(id);
    expect(after).toMatchObject({ status: "succeeded", analyse: { failed: 0 } });
    // Only the retried trajectories' analyst calls were made again.
    expect(server.requests.filter((r) => r.role === "analyst")).toHaveLength(failedIds.length);
    await expect(retryFailedItems(ws.id, setupPrincipal(ws), id, { start })).rejects.toThrow(/nothing to retry/);
  });
});

describe("cancel", () => {
  test("a queued run is cancelled at once; a running one is flagged; a finished one refuses", async () => {
    const ws = await createTestWorkspace();
    const queued = await createTestRun({ workspace: ws, status: "queued" });
    expect(await cancelRun(ws.id, setupPrincipal(ws), queued.id)).toEqual({ status: "cancelled" });
    expect(await getRunProgress(queued.id)).toMatchObject({ status: "cancelled", finished: true, cancelRequested: true });
    const running = await createTestRun({ workspace: ws, status: "running" });
    expect(await cancelRun(ws.id, setupPrincipal(ws), running.id)).toEqual({ status: "cancelling" });
    expect(await getRunProgress(running.id)).toMatchObject({ status: "running", cancelRequested: true });
    await expect(cancelRun(ws.id, setupPrincipal(ws), queued.id)).rejects.toThrow(/nothing to cancel/);
    expect(await db().auditEvent.count({ where: { action: "run.cancel", entityId: { in: [queued.id, running.id] } } })).toBe(2);
  });

  test("a cancelled driven run keeps its partial results and retry resumes it", async () => {
    const { ws, pool } = await setup(20);
    const { id } = await createRun(ws.id, setupPrincipal(ws), ZCreateRun.parse({ pool: pool.name, skill: "xlsx", config: { analysts: "combined", concurrency: 1 } }), { llm: null, start });
    await db().distillRun.update({ where: { id }, data: { status: "running" } });
    await cancelRun(ws.id, setupPrincipal(ws), id);
    await driveRun(id, { llm: null, maskSecrets: true });
    expect(await getRunProgress(id)).toMatchObject({ status: "cancelled", finished: true });
    await retryFailedItems(ws.id, setupPrincipal(ws), id, { start });
    await driveRun(id, { llm: null, maskSecrets: true });
    expect(await getRunProgress(id)).toMatchObject({ status: "succeeded", analyse: { pending: 0, running: 0 } });
  });
});
