import path from "node:path";
import { defineConfig } from "vitest/config";
import { createTestRunEnv } from "./tests/support/test-run.ts";

// Also put in process.env: the integration stack (global setup) and the test files read the same settings.
const runEnv = await createTestRunEnv("it");

export default defineConfig({
  resolve: {
    alias: {
      "@": path.resolve("."),
      // Tests load the server modules outside Next's react-server condition, under which it is empty.
      "server-only": path.resolve("node_modules/server-only/empty.js"),
    },
  },
  test: {
    projects: [
      {
        extends: true,
        test: { name: "unit", include: ["tests/unit/**/*.test.ts"], environment: "node", env: { LOG_LEVEL: "silent" } },
      },
      {
        extends: true,
        test: {
          name: "integration",
          include: ["tests/integration/**/*.test.ts"],
          environment: "node",
          globalSetup: ["tests/integration/global-setup.ts"],
          setupFiles: ["tests/integration/contract-check.ts"],
          env: runEnv,
          testTimeout: 60_000,
          hookTimeout: 120_000,
        },
      },
    ],
  },
});
