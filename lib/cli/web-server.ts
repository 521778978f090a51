import http from "node:http";
import next from "next";
import { env } from "../env";

// The web tier `npm start` launches: Next.js inside a node:http server of our own (Next's
// documented custom server), so that the pull API's GETs — hit by every agent and CI job, not by
// people — are answered by lib/http/pull-fast-path.ts before Next's per-request machinery runs.
// Every other request (pages, the rest of the API, SSE, auth) goes to Next untouched.
// With --dev the fast path is off: Next hot-reloads lib on edits, a copy loaded here would not.

const dev = process.argv.includes("--dev");
const e = env();

/**
 * Idle keep-alive connections stay open this long. Longer than the usual 60 s of load balancers and
 * proxies in front, so they never reuse a socket the server is closing (Node's default is 5 s).
 */
const KEEP_ALIVE_MS = 65_000;

async function main(): Promise<void> {
  const server = http.createServer();
  server.keepAliveTimeout = KEEP_ALIVE_MS;
  // Must exceed keepAliveTimeout, or Node drops a kept-alive socket whose next request is slow to arrive.
  server.headersTimeout = KEEP_ALIVE_MS + 1_000;

  const app = next({ dev, dir: process.cwd(), hostname: e.HOST, port: e.PORT, httpServer: server });
  const fast = dev ? undefined : (await import("../http/pull-fast-path")).servePullFast;
  await app.prepare();
  const handle = app.getRequestHandler();

  const toNext = (req: http.IncomingMessage, res: http.ServerResponse) =>
    handle(req, res).catch((err: unknown) => {
      console.error("[web] request failed:", err);
      if (!res.headersSent) res.writeHead(500).end();
    });

  server.on("request", (req, res) => {
    if (!fast) return void toNext(req, res);
    fast(req, res).then(
      (answered) => void (answered || toNext(req, res)),
      (err: unknown) => {
        console.error("[web] pull fast path failed:", err);
        if (!res.headersSent) res.writeHead(500, { "content-type": "application/json" }).end(JSON.stringify({ error: { code: "internal", message: "Something went wrong on our side." } }));
      },
    );
  });

  const stop = () => {
    server.close();
    server.closeIdleConnections();
    void app.close().finally(() => process.exit(0));
    setTimeout(() => process.exit(0), 5_000).unref();
  };
  process.on("SIGTERM", stop);
  process.on("SIGINT", stop);

  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(e.PORT, e.HOST, resolve);
  });
  console.log(`[web] Next.js ${dev ? "dev server" : "production server"} on http://${e.HOST}:${e.PORT}${fast ? " (pull API fast path on)" : ""}`);
}

await main();
