// Browser tests against the real server (debug build) on a throwaway SQLite
// file, serving the release build of the app from ../dist.
const { defineConfig } = require("@playwright/test");

const PORT = Number(process.env.NETRAL_E2E_PORT || 8099);

module.exports = defineConfig({
  testDir: "./tests",
  timeout: 60_000,
  expect: { timeout: 10_000 },
  // One server and one SQLite file: tests run one after another.
  workers: 1,
  reporter: [["list"]],
  use: {
    baseURL: `http://127.0.0.1:${PORT}`,
    locale: "id-ID",
    viewport: { width: 360, height: 760 },
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH || "/usr/bin/chromium",
      args: [
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
      ],
    },
  },
  webServer: {
    // The admin, an organisation and a volunteers' invite code first (tests read .tmp/invite-code).
    command: `rm -rf .tmp && mkdir -p .tmp && node tests/setup-accounts.js .tmp/data > .tmp/invite-code && ../target/debug/netral serve --listen 127.0.0.1:${PORT} --data-dir .tmp/data --dist-dir ../dist`,
    url: `http://127.0.0.1:${PORT}/healthz`,
    reuseExistingServer: false,
    // One log line per request would drown the test report.
    env: { RUST_LOG: "warn" },
    timeout: 60_000,
    stdout: "ignore",
    stderr: "pipe",
  },
});
