import { startStack } from "@/tests/support/stack";

/** vitest.config.ts put this run's settings in process.env; the stack runs for the whole integration suite. */
export default async function setup() {
  const stack = await startStack(process.env as Record<string, string>);
  return stack.stop;
}
