import { defineConfig } from "@playwright/test";
import * as path from "node:path";
import base from "./playwright.config";

// Two Chorus processes on one PostgreSQL, started at the same moment (so their migrations
// race), as behind a load balancer. `make e2e-scale-out` runs it inside .ci/with-postgres,
// which provides CHORUS_TEST_POSTGRES_URL (a throwaway server).
const database = process.env.CHORUS_TEST_POSTGRES_URL;
if (!database) {
  throw new Error("CHORUS_TEST_POSTGRES_URL is not set: run this through .ci/with-postgres");
}
const root = path.resolve(__dirname, "..");
const chorus = process.env.CHORUS_BIN ?? path.join(root, "target", "release", "chorus");
export const ports = [3201, 3202];

function server(port: number, demo: boolean) {
  return {
    // Only one seeds the demo organisation; both apply the migrations.
    command: `"${chorus}"${demo ? " --demo" : ""}`,
    cwd: root,
    url: `http://127.0.0.1:${port}/sign-in`,
    timeout: 60_000,
    reuseExistingServer: false,
    stdout: "ignore" as const,
    stderr: "pipe" as const,
    env: {
      DATABASE_URL: database!,
      CHORUS_LISTEN: `127.0.0.1:${port}`,
      LEPTOS_SITE_ROOT: process.env.LEPTOS_SITE_ROOT ?? path.join(root, "target", "site"),
      CHORUS_LOG: "warn",
    },
  };
}

export default defineConfig({
  ...base,
  testIgnore: [],
  testMatch: "scale-out.spec.ts",
  projects: [{ name: "two-processes", use: { javaScriptEnabled: true } }],
  use: { ...base.use, baseURL: `http://127.0.0.1:${ports[0]}` },
  webServer: ports.map((port, index) => server(port, index === 0)),
});
