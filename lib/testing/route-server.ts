import http from "node:http";
import type { AddressInfo } from "node:net";
import { discoverRoutes, type TDiscoveredRoute } from "./routes";

// A real HTTP server in front of the app's route handlers, for clients that must go over the wire
// (the CLI's fetch). Paths match app/api patterns the way Next does: static segments before
// [dynamic] ones. No pages, no middleware — only what the API answers.

type TMatcher = { route: TDiscoveredRoute; segments: string[]; dynamic: number };

function toMatchers(routes: TDiscoveredRoute[]): TMatcher[] {
  return routes
    .map((route) => {
      const segments = route.pattern.split("/").filter(Boolean);
      return { route, segments, dynamic: segments.filter((s) => s.startsWith("[")).length };
    })
    .sort((a, b) => a.dynamic - b.dynamic);
}

function matchRoute(matchers: TMatcher[], method: string, pathname: string): { route: TDiscoveredRoute; params: Record<string, string> } | undefined {
  const parts = pathname.split("/").filter(Boolean).map(decodeURIComponent);
  for (const m of matchers) {
    if (m.route.method !== method || m.segments.length !== parts.length || m.segments.some((s) => s.startsWith("[..."))) continue;
    const params: Record<string, string> = {};
    const ok = m.segments.every((s, i) => (s.startsWith("[") ? ((params[s.slice(1, -1)] = parts[i]!), true) : s === parts[i]));
    if (ok) return { route: m.route, params };
  }
  return undefined;
}

export async function startRouteServer(): Promise<{ url: string; close: () => Promise<void> }> {
  const matchers = toMatchers(await discoverRoutes());
  const server = http.createServer((req, res) => {
    void (async () => {
      const url = new URL(req.url ?? "/", "http://localhost");
      const hit = matchRoute(matchers, req.method ?? "GET", url.pathname);
      if (!hit) {
        res.writeHead(404, { "content-type": "application/json" }).end(JSON.stringify({ error: { code: "not_found", message: "No such route." } }));
        return;
      }
      const chunks: Buffer[] = [];
      for await (const c of req) chunks.push(c as Buffer);
      const headers = new Headers();
      for (const [k, v] of Object.entries(req.headers)) if (typeof v === "string") headers.set(k, v);
      const body = chunks.length && !["GET", "HEAD"].includes(req.method ?? "GET") ? Buffer.concat(chunks) : undefined;
      const response = await hit.route.handler(new Request(url, { method: req.method, headers, body }), { params: Promise.resolve(hit.params) });
      res.writeHead(response.status, Object.fromEntries(response.headers));
      res.end(Buffer.from(await response.arrayBuffer()));
    })().catch((e: unknown) => {
      res.writeHead(500).end(String(e));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}`, close: () => new Promise((resolve) => server.close(() => resolve())) };
}
