import { execFile } from "node:child_process";
import { randomUUID } from "node:crypto";
import path from "node:path";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { api, baseUrl, createUser, uploadFixture, waitForSettled } from "@/tests/support/api";

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

    const queue = JSON.parse((await admin("queue", "--json")).stdout) as { jobs: Record<string, number>; photos: Record<string, number> };
    expect(queue.jobs).toHaveProperty("waiting");
    expect(queue.photos.ready).toBeGreaterThanOrEqual(1);
  });
});
