import { describe, expect, test } from "vitest";
import { streamRunProgress } from "./progress-stream";
import type { TRunProgress } from "./run-progress";

// The SSE framing without a database: only changes are sent, heartbeats keep the line open, the
// stream ends after the finished state and stops reading when the client aborts.

const progress = (done: number, finished = false) => ({ runId: "r", status: finished ? "succeeded" : "running", finished, analyse: { done } }) as unknown as TRunProgress;

async function readAll(stream: ReadableStream<Uint8Array>): Promise<string> {
  const reader = stream.getReader();
  let text = "";
  for (;;) {
    const { value, done } = await reader.read();
    if (done) return text;
    text += new TextDecoder().decode(value);
  }
}

describe("streamRunProgress", () => {
  test("sends each distinct state once, heartbeats, and ends after the finished state", async () => {
    const states = [progress(0), progress(0), progress(1), progress(1), progress(2, true)];
    let reads = 0;
    const text = await readAll(streamRunProgress("r", new AbortController().signal, { pollMs: 5, heartbeatMs: 2, read: async () => states[Math.min(reads++, states.length - 1)]! }));
    const events = [...text.matchAll(/event: progress\ndata: (.*)\n\n/g)].map((m) => JSON.parse(m[1]!) as TRunProgress);
    expect(events.map((e) => e.analyse.done)).toEqual([0, 1, 2]);
    expect(events.at(-1)!.finished).toBe(true);
    expect(text).toMatch(/^retry: 3000\n\n/);
    expect(text).toContain(": heartbeat");
    expect(reads).toBe(5);
  });

  test("stops polling when the client aborts", async () => {
    const abort = new AbortController();
    let reads = 0;
    const stream = streamRunProgress("r", abort.signal, { pollMs: 5, read: async () => progress(reads++) });
    setTimeout(() => abort.abort(), 30);
    await readAll(stream);
    const after = reads;
    await new Promise((r) => setTimeout(r, 40));
    expect(reads).toBe(after);
  });

  test("a read error is reported and the stream goes on", async () => {
    let reads = 0;
    const text = await readAll(
      streamRunProgress("r", new AbortController().signal, {
        pollMs: 2,
        read: async () => {
          if (reads++ === 0) throw new Error("connection reset");
          return progress(1, true);
        },
      }),
    );
    expect(text).toContain("event: problem");
    expect(text).not.toContain("connection reset");
    expect(text).toContain('"finished":true');
  });
});
