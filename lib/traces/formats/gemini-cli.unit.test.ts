import { describe, expect, it } from "vitest";
import { claimedBy, collect, corpusFile, corpusNames, only } from "../../testing/corpus";
import type { TTrajectory } from "../model";
import { buildProbe } from "../probe";
import { memoryFiles } from "../source";
import { geminiCliFormat } from "./gemini-cli";

describe("gemini-cli detect", () => {
  it("claims exactly the gemini-cli corpus files", async () => {
    expect(await claimedBy(geminiCliFormat)).toEqual(corpusNames().filter((n) => n.startsWith("gemini-cli/")).sort());
  });
});

describe("gemini-cli corpus", () => {
  it("harbor-rfc session: one user turn and one gemini reply with tokens", async () => {
    const file = corpusFile("gemini-cli", "harbor-rfc_gemini-cli-trajectory.json");
    const t = await only(geminiCliFormat, file);
    expect(t.externalId).toBe("cdd63974-c2a3-4f1c-931d-cce1db22ec03");
    expect(t.harness).toBe("gemini-cli");
    expect(t.model).toBe("gemini-2.0-flash");
    expect(t.outcome).toBe("unknown");
    expect(t.instruction).toBe('Create a file called hello.txt with "Hello, world!" as the content.\n');
    expect(t.steps.map((s) => `${s.role}:${s.kind}`)).toEqual(["user:message", "assistant:message"]);
    expect(t.steps[1]).toMatchObject({ timestamp: "2025-10-10T06:59:41.751Z", tokens: { input: 5915, output: 24, cached: 0, reasoning: 0 } });
    expect(t.steps[1].text.startsWith("Okay, I've created the file `/app/hello.txt`")).toBe(true);
    expect(t.tokens).toEqual({ input: 5915, output: 24, cached: 0, reasoning: 0 });
    expect(t.metadata).toMatchObject({ projectHash: "f53b52ad6d21cceb72dfa78fb67614fe14f110c58e68412b01508d6a485501c3", startTime: "2025-10-10T06:59:39.894Z" });
  });
});

describe("gemini-cli tool calls (synthetic: the real sample has none)", () => {
  it("maps thoughts, tool calls with their results, and info/error messages", async () => {
    const session = {
      sessionId: "s-1",
      projectHash: "abc",
      startTime: "2025-10-10T07:00:00.000Z",
      lastUpdated: "2025-10-10T07:01:00.000Z",
      messages: [
        { id: "m1", timestamp: "2025-10-10T07:00:00.000Z", type: "user", content: [{ text: "list files" }] },
        {
          id: "m2", timestamp: "2025-10-10T07:00:05.000Z", type: "gemini", content: "Listing.", model: "gemini-2.5-pro",
          thoughts: [{ subject: "Plan", description: "Use ls", timestamp: "2025-10-10T07:00:04.000Z" }],
          tokens: { input: 100, output: 20, cached: 50, thoughts: 7, tool: 0, total: 177 },
          toolCalls: [
            { id: "run_shell_command-1", name: "run_shell_command", args: { command: "ls" }, status: "success", timestamp: "2025-10-10T07:00:06.000Z",
              result: [{ functionResponse: { id: "run_shell_command-1", name: "run_shell_command", response: { output: "a.txt" } } }] },
            { id: "read_file-2", name: "read_file", args: { path: "/nope" }, status: "error", timestamp: "2025-10-10T07:00:07.000Z",
              result: [{ functionResponse: { id: "read_file-2", name: "read_file", response: { error: "File not found: /nope" } } }] },
          ],
        },
        { id: "m3", timestamp: "2025-10-10T07:00:08.000Z", type: "info", content: "Request cancelled." },
        { id: "m4", timestamp: "2025-10-10T07:00:09.000Z", type: "error", content: "[API Error: quota exceeded]" },
      ],
    };
    const [file] = memoryFiles({ "chats/session-2025-10-10.json": JSON.stringify(session) });
    expect(geminiCliFormat.detect(await buildProbe(file))).toBe(true);
    const t = await only(geminiCliFormat, file);
    expect(t.instruction).toBe("list files");
    expect(t.model).toBe("gemini-2.5-pro");
    expect(t.steps.map((s) => `${s.role}:${s.kind}${s.isError ? "!" : ""}`)).toEqual([
      "user:message", "assistant:thought", "assistant:message", "assistant:tool_call", "assistant:tool_call",
      "tool:tool_result", "tool:tool_result!", "system:message", "system:error!",
    ]);
    expect(t.steps[1]).toMatchObject({ text: "Plan: Use ls", tokens: { input: 100, output: 20, cached: 50, reasoning: 7 } });
    expect(t.steps[3]).toMatchObject({ toolName: "run_shell_command", toolArgs: { command: "ls" }, toolCallId: "run_shell_command-1" });
    expect(t.steps[5]).toMatchObject({ toolCallId: "run_shell_command-1", toolName: "run_shell_command", text: "a.txt", isError: false });
    expect(t.steps[6]).toMatchObject({ toolCallId: "read_file-2", text: "File not found: /nope" });
  });
});

describe("gemini-cli bad input (synthetic)", () => {
  it("rejects truncated JSON", async () => {
    expect(await collect(geminiCliFormat, memoryFiles({ "s.json": '{"sessionId": "x", "messages": [' })[0])).toEqual([
      { kind: "rejected", issue: { file: "s.json", reason: expect.stringContaining("not valid JSON") } },
    ]);
  });

  it("rejects a message of unknown type and keeps the others", async () => {
    const session = { sessionId: "s-2", projectHash: "p", messages: [{ type: "user", content: "hi" }, { content: "typeless" }, { type: "gemini", content: "hello" }] };
    const parsed = await collect(geminiCliFormat, memoryFiles({ "s.json": JSON.stringify(session) })[0]);
    expect(parsed[0]).toEqual({ kind: "rejected", issue: { file: "s.json", record: "messages[1]", field: "type", reason: "message type is not user, gemini, info, warning or error" } });
    expect((parsed[1] as { trajectory: TTrajectory }).trajectory.steps.map((s) => s.text)).toEqual(["hi", "hello"]);
  });
});
