import fs from "node:fs";
import { spawn } from "node:child_process";

// Every e2e run starts from an empty embedded database, then runs the real `npm start` path.
fs.rmSync(".data/e2e", { recursive: true, force: true });
const child = spawn(process.execPath, ["--import", "tsx", "lib/cli/start.ts"], { stdio: "inherit" });
const stop = () => child.kill("SIGTERM");
process.on("SIGTERM", stop);
process.on("SIGINT", stop);
child.on("exit", (code) => process.exit(code ?? 0));
