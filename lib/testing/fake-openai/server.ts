import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo, Socket } from "node:net";
import { corruptContent, createFaultPicker, createSeededRandom, pickLatencyMs, truncateContent } from "./faults";
import { matchesRule, type TFakeMessage, type TFakeReply, type TFakeRequest, type TFakeResponder, type TFakeRule, type TFakeScript, type TFaultKind } from "./script";

// A real HTTP server speaking the OpenAI chat-completions protocol on 127.0.0.1, so the product's
// client is tested through the real SDK, sockets and timeouts. Test support only.

export type TFakeOpenAI = {
  /** http://127.0.0.1:<port> */
  url: string;
  /** url + "/v1": what OPENAI_BASE_URL / createLlm's baseURL take. */
  baseURL: string;
  port: number;
  /** Chat requests in arrival order (GET /v1/models is not listed). */
  requests: TFakeRequest[];
  readonly inFlight: number;
  readonly maxInFlight: number;
  /** Replaces the script and starts its rules, faults and randomness afresh. */
  setScript(script: TFakeScript): void;
  /** Forgets the requests and the in-flight maximum. */
  reset(): void;
  close(): Promise<void>;
};

type TRuleState = { rule: TFakeRule; used: number; queue?: TFakeReply[] };

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => resolve(Buffer.concat(chunks).toString("utf8")));
    req.on("error", reject);
  });
}

function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  res.writeHead(status, { "content-type": "application/json", ...headers });
  res.end(JSON.stringify(body));
}

function describeRequest(index: number, req: IncomingMessage, body: Record<string, unknown>, receivedAt: number): TFakeRequest {
  const messages = (Array.isArray(body.messages) ? body.messages : []).map((m: { role?: string; content?: unknown }) => ({
    role: String(m.role ?? ""),
    content: typeof m.content === "string" ? m.content : JSON.stringify(m.content ?? ""),
  })) as TFakeMessage[];
  const format = body.response_format as { type?: string; json_schema?: { name?: string } } | undefined;
  const headers = Object.fromEntries(Object.entries(req.headers).map(([k, v]) => [k, Array.isArray(v) ? v.join(", ") : String(v ?? "")]));
  return {
    index,
    method: req.method ?? "",
    path: req.url ?? "",
    headers,
    body,
    role: headers["x-t2s-role"] || undefined,
    model: typeof body.model === "string" ? body.model : undefined,
    schemaName: format?.type === "json_schema" ? format.json_schema?.name : undefined,
    messages,
    system: messages.filter((m) => m.role === "system").map((m) => m.content).join("\n"),
    text: messages.map((m) => m.content).join("\n"),
    receivedAt,
    fault: null,
    status: 0,
  };
}

const NO_MATCH: TFakeResponder = (req) => ({
  status: 400,
  body: { error: { message: `fake-openai: no scripted reply matches request ${req.index} (role ${req.role ?? "?"}, model ${req.model ?? "?"})`, type: "invalid_request_error" } },
});

function createRuleStates(script: TFakeScript): TRuleState[] {
  const rules = [...(script.rules ?? []), { name: "fallback", reply: script.fallback ?? NO_MATCH }];
  return rules.map((rule) => ({ rule, used: 0, queue: Array.isArray(rule.reply) ? [...rule.reply] : undefined }));
}

async function runResponder(states: TRuleState[], req: TFakeRequest): Promise<{ reply: TFakeReply; rule: string }> {
  for (const [i, s] of states.entries()) {
    if (s.rule.times !== undefined && s.used >= s.rule.times) continue;
    if (s.queue && s.queue.length === 0) continue;
    if (!matchesRule(s.rule.match, req)) continue;
    s.used++;
    const reply = s.queue ? s.queue.shift()! : typeof s.rule.reply === "function" ? await s.rule.reply(req) : (s.rule.reply as TFakeReply);
    return { reply, rule: s.rule.name ?? `rule ${i}` };
  }
  // Only reachable once a fallback queue is used up.
  return { reply: await (NO_MATCH as (r: TFakeRequest) => TFakeReply)(req), rule: "fallback" };
}

function estimateTokens(text: string): number {
  return Math.max(1, Math.ceil(text.length / 4));
}

/** The continuation of a cut-off answer: the rest of the full content after what the client already has. */
function continueContent(req: TFakeRequest, full: string): string {
  const n = req.messages.length;
  const previous = n >= 2 && req.messages[n - 1].role === "user" && req.messages[n - 2].role === "assistant" ? req.messages[n - 2].content : undefined;
  return previous && previous.length < full.length && full.startsWith(previous) ? full.slice(previous.length) : full;
}

export async function startFakeOpenAI(initial: TFakeScript = {}, opts: { port?: number; host?: string } = {}): Promise<TFakeOpenAI> {
  let script = initial;
  let random = createSeededRandom(script.seed ?? 1);
  let pickFault = createFaultPicker(script, random);
  let states: TRuleState[] = [];
  const requests: TFakeRequest[] = [];
  const sockets = new Set<Socket>();
  let inFlight = 0;
  let maxInFlight = 0;
  let index = 0;

  const applyScript = (s: TFakeScript) => {
    script = s;
    random = createSeededRandom(s.seed ?? 1);
    pickFault = createFaultPicker(s, random);
    states = createRuleStates(s);
  };
  applyScript(initial);

  const answerChat = async (req: IncomingMessage, res: ServerResponse) => {
    const arrived = performance.now();
    const raw = await readBody(req);
    let body: Record<string, unknown>;
    try {
      body = JSON.parse(raw) as Record<string, unknown>;
    } catch {
      return sendJson(res, 400, { error: { message: "fake-openai: the request body is not JSON", type: "invalid_request_error" } });
    }
    const record = describeRequest(index++, req, body, performance.timeOrigin + arrived);
    requests.push(record);
    const fault: TFaultKind | null = pickFault();
    const { reply, rule } = await runResponder(states, record);
    record.rule = rule;
    record.fault = reply.fault ?? fault;
    if (script.jsonSchema === "unsupported" && record.schemaName !== undefined) record.fault = "json_schema_unsupported";
    // The latency is the server's whole time from arrival to answer, as a real endpoint's is: the
    // time spent reading and scripting this request is part of it, not added on top.
    await sleep(Math.max(0, (reply.latencyMs ?? pickLatencyMs(script.latencyMs, random)) - (performance.now() - arrived)));
    if (res.destroyed) return;
    const send = (status: number, payload: unknown, headers?: Record<string, string>) => {
      record.status = status;
      sendJson(res, status, payload, headers);
      record.servedMs = performance.now() - arrived;
    };
    const model = reply.model ?? record.model ?? "fake-model";

    switch (record.fault) {
      case "hang":
        return; // never answers; the socket closes when the client gives up or the server closes
      case "drop":
        req.socket.destroy();
        return;
      case "rate_limited": {
        const headers: Record<string, string> = {};
        if (reply.retryAfterMs !== undefined) headers["retry-after-ms"] = String(reply.retryAfterMs);
        else headers["retry-after"] = String(reply.retryAfterSeconds ?? script.retryAfterSeconds ?? 1);
        return send(429, { error: { message: "Rate limit reached. Please try again later.", type: "rate_limit_error" } }, headers);
      }
      case "server_error":
        return send(reply.status && reply.status >= 500 ? reply.status : 500, { error: { message: "The server had an error while processing your request.", type: "server_error" } });
      case "json_schema_unsupported":
        return send(400, { error: { message: "response_format type 'json_schema' is not supported by this server", type: "invalid_request_error", param: "response_format" } });
    }
    if (reply.status !== undefined && reply.status >= 400) return send(reply.status, reply.body ?? { error: { message: "scripted error" } }, reply.headers);

    const full = reply.content ?? (reply.json !== undefined ? JSON.stringify(reply.json) : "");
    let content: string | null = continueContent(record, full);
    let finishReason: string = reply.finishReason ?? "stop";
    let refusal: string | null = reply.refusal ?? null;
    if (record.fault === "malformed") content = corruptContent(content);
    if (record.fault === "truncated") [content, finishReason] = [truncateContent(content), "length"];
    if (record.fault === "refusal") [content, refusal] = [null, "I'm sorry, but I can't help with that."];
    if (record.fault === "content_filter") [content, finishReason] = [null, "content_filter"];
    if (refusal !== null) content = null;
    const usage = reply.usage ?? { prompt_tokens: estimateTokens(record.text), completion_tokens: estimateTokens(content ?? refusal ?? "") };
    send(200, {
      id: `chatcmpl-fake-${record.index}`,
      object: "chat.completion",
      created: Math.floor(Date.now() / 1000),
      model,
      choices: [{ index: 0, message: { role: "assistant", content, refusal }, finish_reason: finishReason, logprobs: null }],
      usage: { ...usage, total_tokens: usage.prompt_tokens + usage.completion_tokens },
    });
  };

  const server = createServer((req, res) => {
    const path = (req.url ?? "").split("?")[0];
    if (req.method === "GET" && /\/(v1\/)?models$/.test(path)) {
      const models = script.models ?? ["fake-model"];
      return sendJson(res, 200, { object: "list", data: models.map((id) => ({ id, object: "model", created: 0, owned_by: "fake-openai" })) });
    }
    if (req.method !== "POST" || !/\/(v1\/)?chat\/completions$/.test(path)) {
      return sendJson(res, 404, { error: { message: `fake-openai: no route ${req.method} ${path}`, type: "not_found" } });
    }
    inFlight++;
    maxInFlight = Math.max(maxInFlight, inFlight);
    let done = false;
    const finish = () => {
      if (!done) inFlight--;
      done = true;
    };
    res.on("finish", finish);
    res.on("close", finish);
    answerChat(req, res).catch((e: unknown) => {
      if (!res.headersSent && !res.destroyed) sendJson(res, 500, { error: { message: `fake-openai: ${e instanceof Error ? e.message : String(e)}` } });
    });
  });
  server.on("connection", (s) => {
    sockets.add(s);
    s.on("close", () => sockets.delete(s));
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(opts.port ?? 0, opts.host ?? "127.0.0.1", () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  const url = `http://${opts.host ?? "127.0.0.1"}:${port}`;

  return {
    url,
    baseURL: `${url}/v1`,
    port,
    requests,
    get inFlight() {
      return inFlight;
    },
    get maxInFlight() {
      return maxInFlight;
    },
    setScript: applyScript,
    reset() {
      requests.length = 0;
      maxInFlight = inFlight;
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}
