import { startStack } from "@/tests/support/stack";

/** vitest.config.ts put this run's settings in process.env; the stack runs for the whole integration suite. */
export default async function setup() {
  return startStack(process.env as Record<string, string>);
}
