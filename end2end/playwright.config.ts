import { defineConfig } from "@playwright/test";
import * as os from "node:os";
import * as path from "node:path";

// `make e2e` builds the release site and passes the binary; the server gets a fresh SQLite
// database with the demo organisation for every run, on a port of its own.
const port = Number(process.env.E2E_PORT ?? 3100);
const baseURL = `http://127.0.0.1:${port}`;
const root = path.resolve(__dirname, "..");
const database = path.join(os.tmpdir(), `chorus-e2e-${process.pid}`, "chorus.db");
const oidcPort = port + 90;
const oidcIssuer = `http://127.0.0.1:${oidcPort}`;
const chorus = process.env.CHORUS_BIN ?? path.join(root, "target", "release", "chorus");

export default defineConfig({
  testDir: "./tests",
  // Needs PostgreSQL and two servers: scale-out.config.ts.
  testIgnore: "scale-out.spec.ts",
  timeout: 30_000,
  expect: { timeout: 10_000 },
  fullyParallel: true,
  workers: 2,
  retries: 0,
  reporter: process.env.CI ? [["list"]] : [["list"], ["html", { open: "never" }]],
  use: {
    baseURL,
    trace: "retain-on-failure",
    launchOptions: {
      // Debian's Chromium; Playwright's own browser download is not available here.
      executablePath: "/usr/bin/chromium",
      args: [
        "--no-sandbox",
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
        "--disable-quic",
      ],
    },
  },
  projects: [
    { name: "hydrated", use: { javaScriptEnabled: true } },
    // The same flows as plain HTML forms, before or without WebAssembly.
    { name: "no-javascript", use: { javaScriptEnabled: false }, grep: /@no-js/ },
  ],
  webServer: [
    {
      command: `"${chorus}" --demo`,
      cwd: root,
      url: `${baseURL}/sign-in`,
      timeout: 60_000,
      reuseExistingServer: false,
      stdout: "ignore",
      stderr: "pipe",
      env: {
        DATABASE_URL: `sqlite://${database}`,
        CHORUS_LISTEN: `127.0.0.1:${port}`,
        LEPTOS_SITE_ROOT: process.env.LEPTOS_SITE_ROOT ?? path.join(root, "target", "site"),
        CHORUS_LOG: "warn",
        // Single sign-on against the provider below (tests/sso.spec.ts).
        CHORUS_OIDC_ISSUER: oidcIssuer,
        CHORUS_OIDC_CLIENT_ID: "chorus",
        CHORUS_OIDC_CLIENT_SECRET: "chorus-e2e-secret",
        CHORUS_OIDC_LABEL: "Chorus Test ID",
      },
    },
    {
      // A real OpenID provider (oidc-provider, OpenID Certified) on loopback.
      command: "node oidc/provider.mjs",
      cwd: __dirname,
      url: `${oidcIssuer}/.well-known/openid-configuration`,
      timeout: 30_000,
      reuseExistingServer: false,
      stdout: "ignore",
      stderr: "pipe",
      env: { OIDC_PORT: String(oidcPort), CHORUS_URL: baseURL },
    },
  ],
});
