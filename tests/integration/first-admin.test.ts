import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startStack } from "@/tests/support/stack";
import { ownRunEnv } from "@/tests/support/test-run";

/*
 * A stack of its own, on an empty database and as an instance starts by default: sign-up closed
 * (the suite's stack runs with SIGNUP=open), with a default quota for new accounts.
 */
const DEFAULT_QUOTA_BYTES = 5_000_000;
let baseUrl: string;
let stop: () => Promise<void>;

beforeAll(async () => {
  const runEnv = await ownRunEnv("closed", { SIGNUP: "closed", DEFAULT_QUOTA_BYTES: String(DEFAULT_QUOTA_BYTES) });
  baseUrl = runEnv.BASE_URL!;
  ({ stop } = await startStack(runEnv));
}, 300_000);
afterAll(() => stop?.());

const postJson = (route: string, body: unknown, headers: Record<string, string> = {}) =>
  fetch(`${baseUrl}${route}`, { method: "POST", headers: { "content-type": "application/json", ...headers }, body: JSON.stringify(body) });
const signUp = (email: string) => postJson("/api/v1/auth/signup", { email, password: "correct horse battery" });
const me = (cookie: string) => fetch(`${baseUrl}/api/v1/me`, { headers: { cookie } }).then((response) => response.json());
const cookieOf = (response: Response) => response.headers.getSetCookie()[0]!.split(";")[0]!;

describe("a new instance with sign-up closed", () => {
  let adminCookie: string;

  it("makes exactly one of two parallel first sign-ups its admin, and closes sign-up to the other", async () => {
    const [first, second] = await Promise.all([signUp("ana@example.com"), signUp("bo@example.com")]);
    const statuses = [first.status, second.status].sort();
    expect(statuses).toEqual([201, 403]);
    const [admitted, refused] = first.status === 201 ? [first, second] : [second, first];
    const { error } = (await refused.json()) as { error: { code: string; message: string } };
    expect(error.code).toBe("signup_closed");
    expect(error.message).toMatch(/admin adds accounts \(from the admin page, or with npm run admin/);

    adminCookie = cookieOf(admitted);
    expect(await me(adminCookie)).toMatchObject({ account: { isAdmin: true }, quotaBytes: DEFAULT_QUOTA_BYTES });
    expect((await signUp("cy@example.com")).status).toBe(403);
  });

  it("shows the closed message instead of the form on /signup", async () => {
    const page = await (await fetch(`${baseUrl}/signup`)).text();
    expect(page).toContain("Sign-up is closed on this instance");
    expect(page).not.toContain('name="password"');
  });

  it("lets the admin add an account, which signs in, is no admin and cannot reach the admin's routes", async () => {
    const added = await postJson("/api/v1/admin/accounts", { email: "dee@example.com", password: "a password for dee" }, { cookie: adminCookie });
    expect(added.status).toBe(201);
    expect(await added.json()).toMatchObject({ account: { email: "dee@example.com", isAdmin: false, quotaBytes: DEFAULT_QUOTA_BYTES } });

    const token = await postJson("/api/v1/auth/tokens", { email: "dee@example.com", password: "a password for dee" });
    expect(token.status).toBe(201);
    const authorization = `Bearer ${((await token.json()) as { token: string }).token}`;
    const mine = await fetch(`${baseUrl}/api/v1/me`, { headers: { authorization } });
    expect(await mine.json()).toMatchObject({ account: { email: "dee@example.com", isAdmin: false } });
    const list = await fetch(`${baseUrl}/api/v1/admin/accounts`, { headers: { authorization } });
    expect(list.status).toBe(403);
    expect((await fetch(`${baseUrl}/admin`, { headers: { authorization }, redirect: "manual" })).status).not.toBe(200);
  });
});
