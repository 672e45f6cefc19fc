import { expect, test as base } from "@playwright/test";

export * from "@playwright/test";

/**
 * Playwright's `test`, checking that every page of the test's context ran under the app's
 * Content-Security-Policy: a violation Chromium reports fails the test.
 */
export const test = base.extend<{ cspViolations: string[] }>({
  cspViolations: [
    async ({ context }, use) => {
      const violations: string[] = [];
      context.on("console", (message) => {
        if (/Content Security Policy/i.test(message.text())) violations.push(message.text());
      });
      await use(violations);
      expect(violations, "Content-Security-Policy violations").toEqual([]);
    },
    { auto: true },
  ],
});
