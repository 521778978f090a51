import { defineConfig } from "@playwright/test";

// E2E against a production build served by the real launcher (`npm start`) on a fresh embedded
// database, in Debian's Chromium (Playwright's own browser downloads are not reachable here).
const PORT = 3210;

export const E2E_ADMIN = { email: "admin@e2e.example", password: "e2e-admin-password", name: "E2E Admin" };

export default defineConfig({
  testDir: "e2e",
  timeout: 60_000,
  expect: { timeout: 10_000 },
  fullyParallel: false,
  workers: 1,
  retries: 0,
  reporter: [["list"], ["html", { open: "never", outputFolder: "playwright-report" }]],
  outputDir: "test-results",
  use: {
    baseURL: `http://127.0.0.1:${PORT}`,
    trace: "retain-on-failure",
    screenshot: "only-on-failure",
    launchOptions: {
      executablePath: process.env.T2S_CHROMIUM ?? "/usr/bin/chromium",
      args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic"],
    },
  },
  webServer: {
    command: "node --import tsx e2e/support/start-server.ts",
    url: `http://127.0.0.1:${PORT}/api/health`,
    // The first start builds the app (about a minute on two cores).
    timeout: 900_000,
    reuseExistingServer: false,
    stdout: "pipe",
    stderr: "pipe",
    env: {
      PORT: String(PORT),
      T2S_DATA_DIR: ".data/e2e",
      T2S_BASE_URL: `http://127.0.0.1:${PORT}`,
      T2S_ADMIN_EMAIL: E2E_ADMIN.email,
      T2S_ADMIN_PASSWORD: E2E_ADMIN.password,
      T2S_ADMIN_NAME: E2E_ADMIN.name,
      DATABASE_URL: "",
    },
  },
});
