import { lockDataDir } from "../db/data-dir-lock";

// Child process for the data-dir lock test: takes the lock, says so, and holds it until killed.
lockDataDir(process.argv[2]);
process.stdout.write(`locked ${process.pid}\n`);
setInterval(() => undefined, 1 << 30);
