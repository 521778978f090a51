import pg from "pg";
import { afterAll, beforeAll, expect, test } from "vitest";
import { startEmbeddedPostgres, type TEmbeddedPostgres } from "./embedded";

// Many connections sending parameterised queries with large parameters at once must each see
// their own statements and results. (The interleaving the patch prevents was seen under Prisma's
// adapter with an import running beside web requests; this plain-pg load does not always provoke
// it, so the test guards the invariant rather than reproducing that exact failure.)
let server: TEmbeddedPostgres;
beforeAll(async () => {
  server = await startEmbeddedPostgres({});
  const c = new pg.Client(server.url);
  await c.connect();
  await c.query("CREATE TABLE blobs (id serial primary key, who int, data bytea)");
  await c.end();
}, 60_000);
afterAll(() => server?.stop());

test("concurrent extended-protocol queries with large parameters never interleave", async () => {
  const clients = await Promise.all(Array.from({ length: 8 }, async () => {
    const c = new pg.Client(server.url);
    await c.connect();
    return c;
  }));
  const blob = Buffer.alloc(200 * 1024, 7);
  await Promise.all(
    clients.map(async (c, who) => {
      for (let i = 0; i < 25; i++) {
        await c.query("INSERT INTO blobs (who, data) VALUES ($1, $2)", [who, blob]);
        const r = await c.query("SELECT count(*)::int AS n FROM blobs WHERE who = $1", [who]);
        expect(r.rows[0].n).toBe(i + 1);
      }
    }),
  );
  await Promise.all(clients.map((c) => c.end()));
}, 120_000);
