import { strToU8 } from "fflate";
import { describe, expect, test } from "vitest";
import { db } from "../db/client";
import { createTestPool, createTestWorkspace, setupPrincipal } from "../testing/builders";
import { runImport } from "./import/run-import";
import { storeFile } from "./import/upload-store";
import { getPoolOverview } from "./overview";
import { listTrajectories, ZTrajectoryFilters } from "./trajectory-list";
import { createUpload } from "./uploads";

// Assembled at run time so the repository holds nothing a secret scanner takes for a credential.
const AWS_ID = ["AK", "IA", "Q3EGRT5X7PL2WZ4N"].join("");
const GH_TOKEN = ["ghp", "_", "R7tK2pQ9xW4mZ8vB3nL6jH1cF5dS0aYgEuIo"].join("");

const line = (id: string, instruction: string, steps: object[]) => JSON.stringify({ schema: "t2s.trajectory.v1", id, instruction, outcome: "failure", steps });

describe("secret flags at import", () => {
  test("flags kinds, counts and steps on the trajectory, never the secret, and the table and overview filter on them", async () => {
    const ws = await createTestWorkspace();
    const pool = await createTestPool({ workspace: ws });
    const text = [
      line("leaky", "Deploy for dana.whitfield@acme-corp.io", [
        { role: "user", text: "Deploy it" },
        { role: "assistant", kind: "tool_call", tool_name: "bash", tool_args: { command: `export AWS_ACCESS_KEY_ID=${AWS_ID}; git push https://${GH_TOKEN}@github.com/acme/app` }, tool_call_id: "c1" },
        { role: "tool", kind: "tool_result", tool_call_id: "c1", text: `pushed by ${GH_TOKEN}` },
      ]),
      line("clean", "List files", [{ role: "user", text: "ls" }, { role: "assistant", text: "commit 3f9a2c4e8b1d7f6a5c3e2b1a0f9e8d7c6b5a4f3e" }]),
    ].join("\n");
    const upload = await createUpload(ws.id, pool.name, setupPrincipal(ws), {});
    await storeFile(upload.id, "run.jsonl", [strToU8(text)]);
    await db().upload.update({ where: { id: upload.id }, data: { status: "processing" } });
    await runImport(upload.id);

    const leaky = await db().trajectory.findFirstOrThrow({ where: { poolId: pool.id, externalId: "leaky" } });
    expect(leaky).toMatchObject({ secretCount: 4, secretKinds: ["aws_access_key", "email", "github_token"], secretCounts: { aws_access_key: 1, email: 1, github_token: 2 }, secretSteps: [-1, 1, 2] });
    const clean = await db().trajectory.findFirstOrThrow({ where: { poolId: pool.id, externalId: "clean" } });
    expect(clean).toMatchObject({ secretCount: 0, secretKinds: [], secretSteps: [] });
    // Flags only: the secret lives in the steps as uploaded, nowhere in the summary columns.
    expect(JSON.stringify([leaky.secretKinds, leaky.secretCounts, leaky.secretSteps])).not.toContain(GH_TOKEN);

    const list = async (hasSecrets: string) => (await listTrajectories(ws.id, pool.name, ZTrajectoryFilters.parse({ hasSecrets }))).rows.map((r) => [r.externalId, r.secretCount, r.secretKinds]);
    expect(await list("true")).toEqual([["leaky", 4, ["aws_access_key", "email", "github_token"]]]);
    expect(await list("false")).toEqual([["clean", 0, []]]);
    expect((await getPoolOverview(ws.id, pool.name)).withSecrets).toBe(1);
  });
});
