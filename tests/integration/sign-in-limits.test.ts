import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createUser, expectError, type TestUser } from "@/tests/support/api";
import { startWebServer, type AppProcess } from "@/tests/support/processes";
import { deleteRedisKeys } from "@/tests/support/stack";
import { freePort } from "@/tests/support/test-run";

/*
 * Web servers of their own, each with its own Redis prefix, so the failures these tests pile up
 * at 127.0.0.1 lock nobody else out: one behind a trusted proxy (the tests play the proxy and say
 * who the client is in X-Forwarded-For), one reached directly.
 */
let behindProxy: { server: AppProcess; origin: string; prefix: string };
let direct: { server: AppProcess; origin: string; prefix: string };
let user: TestUser;

async function webServer(name: string, env: Record<string, string>) {
  const port = await freePort();
  const prefix = `${process.env.REDIS_PREFIX}_${name}`;
  return { server: await startWebServer({ LOG_LEVEL: "silent", REDIS_PREFIX: prefix, ...env }, port), origin: `http://127.0.0.1:${port}`, prefix };
}

beforeAll(async () => {
  user = await createUser();
  [behindProxy, direct] = await Promise.all([webServer("proxied", { TRUSTED_PROXIES: "127.0.0.1" }), webServer("direct", {})]);
});

afterAll(async () => {
  for (const each of [behindProxy, direct]) {
    await each?.server.stop();
    if (each) await deleteRedisKeys(process.env.REDIS_URL!, each.prefix);
  }
});

const signIn = (server: { origin: string }, email: string, password: string, forwardedFor?: string) =>
  fetch(`${server.origin}/api/v1/auth/tokens`, {
    method: "POST",
    headers: { "content-type": "application/json", ...(forwardedFor ? { "x-forwarded-for": forwardedFor } : {}) },
    body: JSON.stringify({ email, password }),
  });

describe("sign-in limits", () => {
  it("lock an account only at the address that failed: its owner elsewhere still signs in", async () => {
    for (let attempt = 0; attempt < 10; attempt++) expect((await signIn(behindProxy, user.email, "a guess", "198.51.100.1")).status).toBe(401);
    await expectError(await signIn(behindProxy, user.email, user.password, "198.51.100.1"), 429, "rate_limited");
    expect((await signIn(behindProxy, user.email, user.password, "203.0.113.5")).status).toBe(201);
  });

  it("count attempts before the password is checked: of a burst of thirty at once, ten are tried", async () => {
    const burst = await Promise.all(Array.from({ length: 30 }, () => signIn(behindProxy, user.email, "a guess", "198.51.100.2")));
    const statuses = burst.map((response) => response.status).sort();
    expect(statuses.filter((status) => status === 401)).toHaveLength(10);
    expect(statuses.filter((status) => status === 429)).toHaveLength(20);
  });

  it("believe X-Forwarded-For only from a trusted proxy: rotating it does not escape the per-address limit", async () => {
    const statuses: number[] = [];
    for (let attempt = 0; attempt < 51; attempt++) {
      const forged = `203.0.113.${attempt}`;
      statuses.push((await signIn(direct, `nobody-${randomUUID()}@example.com`, "a guess", forged)).status);
    }
    expect(statuses.slice(0, 50).every((status) => status === 401)).toBe(true);
    expect(statuses[50]).toBe(429);
  });
});
