import { spawn } from "node:child_process";
import { mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { startFakeOpenAI, type TFakeOpenAI } from "../testing/fake-openai/server";

// The fake server itself: reproducible fault runs, rules and queues, and the command-line entry.

let server: TFakeOpenAI | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

async function postChat(baseURL: string, body: object, headers: Record<string, string> = {}): Promise<{ status: number; json: any }> {
  const res = await fetch(`${baseURL}/chat/completions`, { method: "POST", headers: { "content-type": "application/json", ...headers }, body: JSON.stringify(body) });
  return { status: res.status, json: await res.json() };
}

describe("fake OpenAI server", () => {
  it("draws the same faults for the same seed", async () => {
    const script = { seed: 9, faultRate: 0.5, faultKinds: ["server_error", "malformed"] as const, rules: [{ reply: { json: { a: 1 } } }] };
    const runOnce = async () => {
      const s = await startFakeOpenAI({ ...script, faultKinds: [...script.faultKinds] });
      for (let i = 0; i < 20; i++) await postChat(s.baseURL, { model: "m", messages: [{ role: "user", content: "x" }] });
      const faults = s.requests.map((r) => r.fault);
      await s.close();
      return faults;
    };
    const first = await runOnce();
    expect(await runOnce()).toEqual(first);
    expect(first.some((f) => f !== null)).toBe(true);
  });

  it("picks replies by rule, consumes queues, reports usage and answers unmatched requests with a 400", async () => {
    const s = (server = await startFakeOpenAI({
      rules: [
        { match: { role: "merger" }, reply: [{ content: "first" }, { content: "second" }] },
        { match: { system: /editor/i }, reply: { json: { edited: true }, usage: { prompt_tokens: 7, completion_tokens: 3 } } },
      ],
    }));
    const merger = { "x-t2s-role": "merger" };
    const msg = { model: "m", messages: [{ role: "user", content: "hi" }] };
    expect((await postChat(s.baseURL, msg, merger)).json.choices[0].message.content).toBe("first");
    expect((await postChat(s.baseURL, msg, merger)).json.choices[0].message.content).toBe("second");
    expect((await postChat(s.baseURL, msg, merger)).status).toBe(400);
    const edited = await postChat(s.baseURL, { model: "m", messages: [{ role: "system", content: "You are a skill Editor" }] });
    expect(edited.json.choices[0].message.content).toBe('{"edited":true}');
    expect(edited.json.usage).toEqual({ prompt_tokens: 7, completion_tokens: 3, total_tokens: 10 });
    expect(s.requests.map((r) => [r.role, r.rule, r.status])).toEqual([
      ["merger", "rule 0", 200],
      ["merger", "rule 0", 200],
      ["merger", "fallback", 400],
      [undefined, "rule 1", 200],
    ]);
  });

  it("runs from the command line with a JSON script", { timeout: 30_000 }, async () => {
    const dir = await mkdtemp(path.join(tmpdir(), "fake-openai-"));
    const file = path.join(dir, "script.json");
    await writeFile(file, JSON.stringify({ models: ["cli-model"], rules: [{ match: { contains: "/ping/i" }, reply: { content: "pong" } }] }));
    const child = spawn(process.execPath, ["--import", "tsx", "lib/testing/fake-openai/cli.ts", "--script", file], { stdio: ["ignore", "pipe", "inherit"] });
    try {
      const baseURL = await new Promise<string>((resolve, reject) => {
        let out = "";
        child.stdout.on("data", (d: Buffer) => {
          out += d.toString();
          const m = /FAKE_OPENAI_BASE_URL=(\S+)/.exec(out);
          if (m) resolve(m[1]);
        });
        child.on("exit", (code) => reject(new Error(`cli exited with ${code}`)));
      });
      const models = (await (await fetch(`${baseURL}/models`)).json()) as { data: Array<{ id: string }> };
      expect(models.data.map((m) => m.id)).toEqual(["cli-model"]);
      const reply = await postChat(baseURL, { model: "m", messages: [{ role: "user", content: "PING" }] });
      expect(reply.json.choices[0].message.content).toBe("pong");
    } finally {
      child.kill("SIGTERM");
    }
  });
});
