import http from "node:http";
import type { AddressInfo } from "node:net";
import zlib from "node:zlib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { httpFetch } from "./http-fetch";

// The SDK's fetch against a real socket: what it sends, what it gives back (status, headers, body,
// compressed bodies), and how it fails (abort, refused connection), as the SDK expects of fetch.

let server: http.Server;
let base: string;
const seen: { method?: string; url?: string; headers: http.IncomingHttpHeaders; body: string }[] = [];

beforeAll(async () => {
  server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      seen.push({ method: req.method, url: req.url, headers: req.headers, body: Buffer.concat(chunks).toString() });
      if (req.url === "/hang") return;
      if (req.url === "/gzip") {
        res.writeHead(200, { "content-type": "application/json", "content-encoding": "gzip" });
        return res.end(zlib.gzipSync(JSON.stringify({ ok: "gzip" })));
      }
      if (req.url === "/empty") return res.writeHead(204).end();
      res.writeHead(429, { "content-type": "application/json", "retry-after": "3", "set-cookie": ["a=1", "b=2"] });
      res.end(JSON.stringify({ error: { message: "slow down" } }));
    });
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise((r) => server.close(r));
});

describe("httpFetch", () => {
  it("sends method, headers and body, and returns status, headers and body as fetch does", async () => {
    const res = await httpFetch(`${base}/v1/chat/completions?x=1`, { method: "POST", headers: { "content-type": "application/json", authorization: "Bearer k" }, body: '{"q":1}' });
    expect(seen.at(-1)).toMatchObject({ method: "POST", url: "/v1/chat/completions?x=1", body: '{"q":1}', headers: { authorization: "Bearer k", "content-type": "application/json" } });
    expect([res.status, res.ok, res.headers.get("retry-after")]).toEqual([429, false, "3"]);
    expect(res.headers.getSetCookie()).toEqual(["a=1", "b=2"]);
    expect(await res.json()).toEqual({ error: { message: "slow down" } });
  });

  it("decompresses a compressed answer and drops its encoding header", async () => {
    const res = await httpFetch(`${base}/gzip`);
    expect(res.headers.get("content-encoding")).toBeNull();
    expect(await res.json()).toEqual({ ok: "gzip" });
  });

  it("gives a body-less status a null body", async () => {
    const res = await httpFetch(`${base}/empty`, { method: "DELETE" });
    expect([res.status, res.body]).toEqual([204, null]);
  });

  it("rejects with an AbortError when the signal aborts a pending request", async () => {
    const ac = new AbortController();
    const pending = httpFetch(`${base}/hang`, { signal: ac.signal });
    setTimeout(() => ac.abort(), 30);
    await expect(pending).rejects.toMatchObject({ name: "AbortError" });
  });

  it("rejects when nothing listens", async () => {
    const closed = http.createServer();
    await new Promise<void>((r) => closed.listen(0, "127.0.0.1", r));
    const port = (closed.address() as AddressInfo).port;
    await new Promise((r) => closed.close(r));
    await expect(httpFetch(`http://127.0.0.1:${port}/`)).rejects.toMatchObject({ code: "ECONNREFUSED" });
  });
});
