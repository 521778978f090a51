import { env } from "../env";
import { disconnectDb } from "../db/client";
import { readRuntimeInfo, resolveRuntimeDatabaseUrl } from "../runtime";
import { startWorker } from "./worker";

// `npm run worker`: one more worker process. With DATABASE_URL it joins that PostgreSQL; without,
// it joins the embedded database of a running `npm start` in the same data directory.
const joinsEmbedded = !env().DATABASE_URL;
const url = resolveRuntimeDatabaseUrl();
const worker = await startWorker({ url, concurrency: env().T2S_WORKER_CONCURRENCY });

let stopping = false;
const shutdown = async (reason: string) => {
  if (stopping) return;
  stopping = true;
  console.log(`[worker] ${reason}: finishing current jobs…`);
  await worker.stop();
  await disconnectDb();
  process.exit(0);
};
process.on("SIGINT", () => void shutdown("SIGINT"));
process.on("SIGTERM", () => void shutdown("SIGTERM"));

// The embedded database lives and dies with the `npm start` that owns it (and gets a new port on its
// next start), so a worker that joined it leaves when it goes.
if (joinsEmbedded) {
  setInterval(() => {
    if (!readRuntimeInfo()) void shutdown("the npm start that owns the embedded database stopped");
  }, 3000).unref();
}
