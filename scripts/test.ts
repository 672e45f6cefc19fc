/**
 * `npm test`: unit and integration tests (vitest), then the browser tests (Playwright). Each
 * suite starts its own app stack on its own database, Redis prefix and store; a failure in any
 * suite fails the command.
 */
import { spawnSync } from "node:child_process";

const steps: [string, string[]][] = [
  ["vitest", ["run"]],
  ["playwright", ["test"]],
];

let failed = false;
for (const [tool, args] of steps) {
  console.log(`\n▶ ${tool} ${args.join(" ")}\n`);
  const { status } = spawnSync(`node_modules/.bin/${tool}`, args, { stdio: "inherit" });
  if (status !== 0) {
    console.error(`\n✖ ${tool} failed (exit ${status})`);
    failed = true;
  }
}
process.exit(failed ? 1 : 0);
