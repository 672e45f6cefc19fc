import { startStack } from "@/tests/support/stack";
import { createTestRunEnv } from "@/tests/support/test-run";

/** One app stack for the browser tests, like the integration suite's; workers inherit its address. */
export default async function globalSetup() {
  const runEnv = await createTestRunEnv("e2e");
  const { stop } = await startStack(runEnv);
  process.env.PLAYWRIGHT_BASE_URL = runEnv.BASE_URL;
  return stop;
}
