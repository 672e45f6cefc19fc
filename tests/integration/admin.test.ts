import { execFile } from "node:child_process";
import { randomUUID } from "node:crypto";
import path from "node:path";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { DAMAGED_ORIGINAL } from "@/lib/photos/scrub-originals";
import { api, baseUrl, createUser, expectError, uploadFixture, waitForSettled, type TestUser } from "@/tests/support/api";

const run = promisify(execFile);

/** `npm run admin -- …` as an operator runs it, against this run's database, Redis and store. */
async function admin(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run(process.execPath, [path.resolve("dist/worker/admin.js"), ...args], {
      env: process.env,
    });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr };
  }
}

const signIn = (email: string, password: string) =>
  fetch(`${baseUrl()}/api/v1/auth/tokens`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ email, password }),
  });

/** A person of this run made the instance's admin, or not (the suite's first sign-up is whoever came first). */
async function userWhoIs(role: "admin" | "not admin"): Promise<TestUser & { id: string }> {
  const user = await createUser();
  const { id } = await db.user.update({ where: { email: user.email }, data: { isAdmin: role === "admin" } });
  return { ...user, id };
}

const json = (method: string, body: unknown) => ({ method, headers: { "content-type": "application/json" }, body: JSON.stringify(body) });

describe("admin API", () => {
  it("answers 403 to anyone but the admin, and 401 without credentials", async () => {
    const person = await userWhoIs("not admin");
    const other = await createUser();
    const { id } = await db.user.findUniqueOrThrow({ where: { email: other.email } });
    await expectError(await api(person, "/api/v1/admin/accounts"), 403, "forbidden");
    await expectError(await api(person, "/api/v1/admin/accounts", json("POST", { email: `x-${randomUUID()}@example.com`, password: "long enough" })), 403);
    await expectError(await api(person, `/api/v1/admin/accounts/${id}`, json("PATCH", { disabled: true })), 403);
    await expectError(await api(person, `/api/v1/admin/accounts/${id}/password`, json("PUT", { password: "taken over now" })), 403);
    await expectError(await api(null, "/api/v1/admin/accounts"), 401, "unauthorized");
    expect((await api(other, "/api/v1/photos")).status).toBe(200);
    expect((await signIn(other.email, other.password)).status).toBe(201);
  });

  it("lists every account with its photos, bytes, failures, damaged originals and quota in one answer", async () => {
    const admin = await userWhoIs("admin");
    const person = await userWhoIs("not admin");
    const { body } = await uploadFixture(person, "camera/Canon_40D.jpg");
    await waitForSettled(person, body.photo.id);
    await db.photo.update({ where: { id: body.photo.id }, data: { status: "failed", error: DAMAGED_ORIGINAL } });

    const response = await api(admin, "/api/v1/admin/accounts");
    expect(response.status).toBe(200);
    const list = (await response.json()) as { accounts: { email: string }[]; damagedPhotos: { id: string }[] };
    expect(list.accounts.find((account) => account.email === person.email)).toEqual({
      id: expect.any(String),
      email: person.email,
      isAdmin: false,
      disabled: false,
      createdAt: expect.any(String),
      quotaBytes: null,
      photos: 1,
      bytes: body.photo.size,
      failed: 1,
      damaged: 1,
      lastUploadAt: expect.any(String),
    });
    expect(list.damagedPhotos).toContainEqual({ id: body.photo.id, email: person.email, filename: "Canon_40D.jpg", uploadedAt: expect.any(String) });
  });

  it("adds an account, sets its quota, resets its password and disables it: its token and session stop at once", async () => {
    const admin = await userWhoIs("admin");
    const email = `added-${randomUUID()}@example.com`;
    const added = await api(admin, "/api/v1/admin/accounts", json("POST", { email, password: "first password" }));
    expect(added.status).toBe(201);
    const { account } = (await added.json()) as { account: { id: string } };
    await expectError(await api(admin, "/api/v1/admin/accounts", json("POST", { email, password: "first password" })), 409, "conflict");

    expect((await api(admin, `/api/v1/admin/accounts/${account.id}`, json("PATCH", { quotaBytes: 1_000_000 }))).status).toBe(204);
    const token = ((await (await signIn(email, "first password")).json()) as { token: string }).token;
    expect(await (await api({ token }, "/api/v1/me")).json()).toMatchObject({ quotaBytes: 1_000_000, account: { isAdmin: false } });

    expect((await api(admin, `/api/v1/admin/accounts/${account.id}/password`, json("PUT", { password: "second password" }))).status).toBe(204);
    expect((await signIn(email, "first password")).status).toBe(401);
    expect((await signIn(email, "second password")).status).toBe(201);

    const person = await userWhoIs("not admin");
    expect((await api(admin, `/api/v1/admin/accounts/${person.id}`, json("PATCH", { disabled: true }))).status).toBe(204);
    await expectError(await api(person, "/api/v1/photos"), 401, "unauthorized");
    await expectError(await fetch(`${baseUrl()}/api/v1/photos`, { headers: { cookie: person.cookie } }), 401, "unauthorized");
    await expectError(await signIn(person.email, person.password), 403, "account_disabled");
    // Enabled again, its owner signs in again: what disabling ended stays ended.
    expect((await api(admin, `/api/v1/admin/accounts/${person.id}`, json("PATCH", { disabled: false }))).status).toBe(204);
    expect((await api(person, "/api/v1/photos")).status).toBe(401);
    expect((await fetch(`${baseUrl()}/api/v1/photos`, { headers: { cookie: person.cookie } })).status).toBe(401);
    const newToken = ((await (await signIn(person.email, person.password)).json()) as { token: string }).token;
    expect((await api({ token: newToken }, "/api/v1/photos")).status).toBe(200);
  });

  it("refuses bad input with a 4xx that changes nothing", async () => {
    const admin = await userWhoIs("admin");
    const person = await userWhoIs("not admin");
    const patch = (id: string, body: unknown) => api(admin, `/api/v1/admin/accounts/${id}`, json("PATCH", body));
    await expectError(await patch(person.id, {}), 400, "bad_request");
    await expectError(await patch(person.id, { quotaBytes: -5 }), 400);
    await expectError(await patch(person.id, { quotaBytes: "lots" }), 400);
    await expectError(await patch(person.id, { disabled: "yes" }), 400);
    await expectError(await patch(admin.id, { disabled: true }), 400);
    await expectError(await patch(randomUUID(), { disabled: true }), 404, "not_found");
    await expectError(await patch("not-an-id", { disabled: true }), 404, "not_found");
    await expectError(await api(admin, `/api/v1/admin/accounts/${person.id}/password`, json("PUT", { password: "short" })), 400);
    await expectError(await api(admin, "/api/v1/admin/accounts", json("POST", { email: "not-an-email", password: "long enough" })), 400);
    expect(await db.user.findUniqueOrThrow({ where: { id: person.id } })).toMatchObject({ quotaBytes: null, disabledAt: null });
    expect((await signIn(person.email, person.password)).status).toBe(201);
    expect((await api(admin, "/api/v1/photos")).status).toBe(200);
  });
});

describe("admin CLI", () => {
  it("creates a user and resets a password that then signs in", async () => {
    const email = `admin-${randomUUID()}@example.com`;
    const created = await admin("create-user", email, "--json");
    expect(created.code).toBe(0);
    const { password } = JSON.parse(created.stdout) as { password: string };
    expect((await signIn(email, password)).status).toBe(201);

    expect((await admin("create-user", email)).stderr).toContain("already exists");
    const reset = await admin("reset-password", email, "--password", "a brand new password");
    expect(reset.stdout).toContain(`New password for ${email}`);
    expect((await signIn(email, password)).status).toBe(401);
    expect((await signIn(email, "a brand new password")).status).toBe(201);

    expect(await admin("reset-password", `nobody-${randomUUID()}@example.com`)).toMatchObject({ code: 1 });
    expect(await admin("create-user", "not-an-email")).toMatchObject({ code: 1 });
    expect(await admin("frobnicate")).toMatchObject({ code: 2 });
  });

  it("sets a quota, disables and enables an account, and lists it", async () => {
    const user = await createUser();
    expect((await admin("set-quota", user.email, "2.5GB")).stdout).toContain("Quota of");
    expect(await (await api(user, "/api/v1/me")).json()).toMatchObject({ quotaBytes: 2_500_000_000 });
    expect((await admin("disable", user.email)).code).toBe(0);
    expect((await api(user, "/api/v1/me")).status).toBe(401);
    const listed = JSON.parse((await admin("list", "--json")).stdout) as { email: string; disabled: boolean; quotaBytes: number }[];
    expect(listed.find((row) => row.email === user.email)).toMatchObject({ disabled: true, quotaBytes: 2_500_000_000 });
    expect((await admin("enable", user.email)).code).toBe(0);
    const token = ((await (await signIn(user.email, user.password)).json()) as { token: string }).token;
    expect((await api({ token }, "/api/v1/me")).status).toBe(200);
    expect((await admin("set-quota", user.email, "none")).code).toBe(0);
    expect(await (await api({ token }, "/api/v1/me")).json()).toMatchObject({ quotaBytes: null });
    expect(await admin("set-quota", user.email, "lots")).toMatchObject({ code: 2 });
    expect(await admin("disable", `nobody-${randomUUID()}@example.com`)).toMatchObject({ code: 1 });
  });

  it("lists users with their photos and bytes, reprocesses a user's thumbnails and shows the queue", async () => {
    const user = await createUser();
    const { body } = await uploadFixture(user, "camera/Canon_40D.jpg");
    const ready = await waitForSettled(user, body.photo.id);
    expect(ready.status).toBe("ready");

    const users = JSON.parse((await admin("users", "--json")).stdout) as { email: string; photos: number; bytes: number }[];
    expect(users.find((row) => row.email === user.email)).toMatchObject({ photos: 1, bytes: body.photo.size });

    const { id: userId } = await db.user.findUniqueOrThrow({ where: { email: user.email } });
    const before = await db.photo.findFirstOrThrow({ where: { userId } });
    await db.photo.update({ where: { id: before.id }, data: { status: "failed", error: "pretend" } });
    const reprocess = JSON.parse((await admin("reprocess", user.email, "--json")).stdout) as { queued: number };
    expect(reprocess.queued).toBe(1);
    const again = await waitForSettled(user, body.photo.id);
    expect(again).toMatchObject({ status: "ready", error: null });
    expect((await api(user, `/api/v1/photos/${body.photo.id}`)).status).toBe(200);

    const queue = JSON.parse((await admin("queue", "--json")).stdout) as { queues: Record<string, Record<string, number>>; photos: Record<string, number> };
    expect(Object.keys(queue.queues)).toEqual(["photos", "videos"]);
    for (const counts of Object.values(queue.queues)) expect(counts).toHaveProperty("waiting");
    expect(queue.photos.ready).toBeGreaterThanOrEqual(1);
  });
});
