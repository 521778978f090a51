import { env } from "../env";
import { disconnectDb } from "../db/client";
import { resolveRuntimeDatabaseUrl } from "../runtime";
import { startWorker } from "./worker";

// `npm run worker`: one more worker process. With DATABASE_URL it joins that PostgreSQL; without,
// it joins the embedded database of a running `npm start` in the same data directory.
const url = resolveRuntimeDatabaseUrl();
const worker = await startWorker({ url, concurrency: env().T2S_WORKER_CONCURRENCY });

let stopping = false;
const shutdown = async (signal: string) => {
  if (stopping) return;
  stopping = true;
  console.log(`[worker] ${signal}: finishing current jobs…`);
  await worker.stop();
  await disconnectDb();
  process.exit(0);
};
process.on("SIGINT", () => void shutdown("SIGINT"));
process.on("SIGTERM", () => void shutdown("SIGTERM"));
