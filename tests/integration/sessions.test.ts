import { execFile } from "node:child_process";
import path from "node:path";
import { promisify } from "node:util";
import { encode } from "next-auth/jwt";
import { describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { api, baseUrl, createUser, expectError, type TestUser } from "@/tests/support/api";

const run = promisify(execFile);

const postJson = (route: string, body: unknown) =>
  fetch(`${baseUrl()}${route}`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) });

/** A browser's sign-in through next-auth's credentials endpoint: its session cookie. */
async function signIn(email: string, password: string): Promise<string> {
  const csrf = await fetch(`${baseUrl()}/api/auth/csrf`);
  const { csrfToken } = (await csrf.json()) as { csrfToken: string };
  const csrfCookie = csrf.headers.getSetCookie().map((cookie) => cookie.split(";")[0]).join("; ");
  const response = await fetch(`${baseUrl()}/api/auth/callback/credentials`, {
    method: "POST",
    redirect: "manual",
    headers: { "content-type": "application/x-www-form-urlencoded", cookie: csrfCookie },
    body: new URLSearchParams({ email, password, csrfToken }),
  });
  const session = response.headers.getSetCookie().find((cookie) => cookie.startsWith("authjs.session-token="));
  expect(session, "a session cookie").toBeDefined();
  return session!.split(";")[0]!;
}

async function newToken(email: string, password: string, extra: Record<string, unknown> = {}) {
  const response = await postJson("/api/v1/auth/tokens", { email, password, ...extra });
  expect(response.status).toBe(201);
  return (await response.json()) as { token: string; expiresAt: string | null };
}

const withCookie = (cookie: string, route = "/api/v1/photos", init: RequestInit = {}) =>
  fetch(`${baseUrl()}${route}`, { redirect: "manual", ...init, headers: { cookie, ...init.headers } });
const withToken = (token: string, route = "/api/v1/photos", init: RequestInit = {}) => api({ token }, route, init);

/** Two browser sessions and two tokens of one user, each used once (so the session version is cached). */
async function signedInTwice(user: TestUser) {
  const cookies = [user.cookie, await signIn(user.email, user.password)];
  const tokens = [user.token, (await newToken(user.email, user.password)).token];
  for (const cookie of cookies) expect((await withCookie(cookie)).status).toBe(200);
  for (const token of tokens) expect((await withToken(token)).status).toBe(200);
  return { cookies, tokens };
}

async function expectAllEnded({ cookies, tokens }: { cookies: string[]; tokens: string[] }) {
  for (const cookie of cookies) await expectError(await withCookie(cookie), 401, "unauthorized");
  for (const token of tokens) await expectError(await withToken(token), 401, "unauthorized");
  // The pages treat the ended session as signed out too.
  expect((await withCookie(cookies[0]!, "/settings")).headers.get("location")).toMatch(/\/login/);
}

async function expectStillSignedIn(other: TestUser) {
  expect((await withCookie(other.cookie)).status).toBe(200);
  expect((await withToken(other.token)).status).toBe(200);
}

describe("sign out everywhere", () => {
  it("ends every session and token of the account at once, from the very next request; a new sign-in works; others are unaffected", async () => {
    const [user, other] = [await createUser(), await createUser()];
    const signedIn = await signedInTwice(user);
    await expectStillSignedIn(other);

    const ended = await withToken(signedIn.tokens[1]!, "/api/v1/auth/sign-out-everywhere", { method: "POST" });
    expect(ended.status).toBe(204);

    await expectAllEnded(signedIn);
    expect(await db.apiToken.count({ where: { user: { email: user.email } } })).toBe(0);
    await expectStillSignedIn(other);

    const cookie = await signIn(user.email, user.password);
    expect((await withCookie(cookie)).status).toBe(200);
    const { token } = await newToken(user.email, user.password);
    expect((await withToken(token)).status).toBe(200);
    const { tokens } = (await (await withToken(token, "/api/v1/auth/tokens")).json()) as { tokens: unknown[] };
    expect(tokens).toHaveLength(1);
  });

  it("works from the browser's session, which ends with the rest", async () => {
    const user = await createUser();
    const signedIn = await signedInTwice(user);
    expect((await withCookie(signedIn.cookies[1]!, "/api/v1/auth/sign-out-everywhere", { method: "POST", headers: { origin: baseUrl() } })).status).toBe(204);
    await expectAllEnded(signedIn);
  });

  it("is refused from another site's page and without credentials, and ends nothing then", async () => {
    const user = await createUser();
    const signedIn = await signedInTwice(user);
    const crossSite = await withCookie(user.cookie, "/api/v1/auth/sign-out-everywhere", { method: "POST", headers: { origin: "https://evil.example" } });
    await expectError(crossSite, 403, "forbidden");
    await expectError(await api(null, "/api/v1/auth/sign-out-everywhere", { method: "POST" }), 401, "unauthorized");
    for (const cookie of signedIn.cookies) expect((await withCookie(cookie)).status).toBe(200);
    for (const token of signedIn.tokens) expect((await withToken(token)).status).toBe(200);
  });

  it("also ends sessions issued before session versions existed (they count as version 0)", async () => {
    const user = await createUser();
    const { id } = await db.user.findUniqueOrThrow({ where: { email: user.email } });
    const name = "authjs.session-token";
    const legacy = await encode({ token: { sub: id, email: user.email }, secret: process.env.AUTH_SECRET!, salt: name });
    const cookie = `${name}=${legacy}`;
    expect((await withCookie(cookie)).status).toBe(200);
    expect((await withToken(user.token, "/api/v1/auth/sign-out-everywhere", { method: "POST" })).status).toBe(204);
    await expectError(await withCookie(cookie), 401, "unauthorized");
  });
});

describe("a password reset (admin CLI)", () => {
  const admin = (...args: string[]) => run(process.execPath, [path.resolve("dist/worker/admin.js"), ...args], { env: process.env });

  it("ends every session and token of the account; the new password signs in; others are unaffected", async () => {
    const [user, other] = [await createUser(), await createUser()];
    const signedIn = await signedInTwice(user);

    const { stdout } = await admin("reset-password", user.email, "--password", "a brand new password");
    expect(stdout).toContain(`New password for ${user.email}`);

    await expectAllEnded(signedIn);
    await expectStillSignedIn(other);
    await expectError(await postJson("/api/v1/auth/tokens", { email: user.email, password: user.password }), 401, "unauthorized");
    const cookie = await signIn(user.email, "a brand new password");
    expect((await withCookie(cookie)).status).toBe(200);
  });
});

describe("token expiry", () => {
  it("a token made to expire says when, is listed with it, and answers 401 token_expired once past it", async () => {
    const user = await createUser();
    const before = Date.now();
    const expiring = await newToken(user.email, user.password, { expiresInDays: 30, label: "month" });
    const expiresAt = Date.parse(expiring.expiresAt!);
    expect(expiresAt - before).toBeGreaterThanOrEqual(30 * 86_400_000 - 1000);
    expect(expiresAt - Date.now()).toBeLessThanOrEqual(30 * 86_400_000);
    expect(expiring.expiresAt).not.toBeNull();
    expect((await withToken(expiring.token)).status).toBe(200);

    const listed = (await (await withToken(user.token, "/api/v1/auth/tokens")).json()) as { tokens: { label: string | null; expiresAt: string | null }[] };
    expect(listed.tokens.map(({ label, expiresAt }) => ({ label, expiresAt }))).toEqual([
      { label: "month", expiresAt: expiring.expiresAt },
      { label: "tests", expiresAt: null },
    ]);

    await db.apiToken.updateMany({ where: { label: "month", user: { email: user.email } }, data: { expiresAt: new Date(Date.now() - 1000) } });
    const expired = await expectError(await withToken(expiring.token), 401, "token_expired");
    expect(expired.message).toMatch(/expired/);
    expect((await withToken(user.token)).status).toBe(200);
  });

  it("refuses an expiry out of range or not a whole number of days with 400, creating no token", async () => {
    const user = await createUser();
    for (const expiresInDays of [0, 3651, 1.5, "30", -1]) {
      await expectError(await postJson("/api/v1/auth/tokens", { email: user.email, password: user.password, expiresInDays }), 400, "bad_request");
    }
    expect(await db.apiToken.count({ where: { user: { email: user.email } } })).toBe(1);
    expect((await newToken(user.email, user.password, { expiresInDays: 3650 })).expiresAt).not.toBeNull();
  });
});
