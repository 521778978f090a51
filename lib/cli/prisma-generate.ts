import { spawnSync } from "node:child_process";
import { createRequire } from "node:module";
import { childEnv } from "../env";

// `prisma generate` only uses the bundled WebAssembly schema parser, but the CLI insists on finding a
// schema-engine binary first and would try to download one. Pointing it at any executable (node
// itself) satisfies that check, so generation works offline.
const require = createRequire(import.meta.url);
const cli = require.resolve("prisma/build/index.js");
const result = spawnSync(process.execPath, [cli, "generate", "--schema", "prisma/schema.prisma"], {
  stdio: "inherit",
  env: childEnv({
    PRISMA_SCHEMA_ENGINE_BINARY: process.execPath,
    PRISMA_HIDE_UPDATE_MESSAGE: "1",
    CHECKPOINT_DISABLE: "1",
    PRISMA_GENERATE_SKIP_AUTOINSTALL: "1",
  }),
});
process.exit(result.status ?? 1);
