/**
 * One user's library is invisible to another: for every route under app/api/v1, a probe of what
 * a second signed-in user can reach of the first one's data. A new route without a probe fails
 * the first test, so none is added unchecked.
 */
import { createECDH, randomBytes } from "node:crypto";
import { readdirSync } from "node:fs";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import type { Photo } from "@/lib/contract/photos";
import { db } from "@/lib/db";
import { api, baseUrl, createUser, expectError, uploadFixture, waitForSettled, type TestUser } from "@/tests/support/api";

let owner: TestUser;
let stranger: TestUser;
let ownerId: string;
let photo: Photo;

const json = (user: TestUser, route: string, method: string, body: unknown) =>
  api(user, route, { method, headers: { "content-type": "application/json" }, body: JSON.stringify(body) });
const get = async <T>(user: TestUser, route: string) => (await (await api(user, route)).json()) as T;

/** Runs a probe with the owner's photo in the owner's trash, and puts it back afterwards: still in the trash, untouched. */
async function whileTrashed(probe: () => Promise<void>) {
  expect((await api(owner, `/api/v1/photos/${photo.id}`, { method: "DELETE" })).status).toBe(204);
  await probe();
  expect((await get<{ photos: Photo[] }>(owner, "/api/v1/trash")).photos.map((trashed) => trashed.id)).toEqual([photo.id]);
  expect(await (await json(owner, "/api/v1/trash/restore", "POST", { ids: [photo.id] })).json()).toEqual({ restored: 1 });
}

/** What the stranger can reach of the owner's data, per route (its path under app/api/v1). */
const probes: Record<string, () => Promise<void>> = {
  "photos": async () => {
    expect((await get<{ photos: Photo[] }>(stranger, "/api/v1/photos")).photos).toEqual([]);
  },
  "photos/[id]": async () => {
    await expectError(await api(stranger, `/api/v1/photos/${photo.id}`), 404, "not_found");
    await expectError(await api(stranger, `/api/v1/photos/${photo.id}`, { method: "DELETE" }), 404, "not_found");
  },
  "photos/[id]/original": async () => {
    await expectError(await api(stranger, `/api/v1/photos/${photo.id}/original`), 404, "not_found");
    await expectError(await api(stranger, `/api/v1/photos/${photo.id}/original?download=1`), 404, "not_found");
  },
  "photos/buckets": async () => {
    expect((await get<{ buckets: unknown[] }>(stranger, "/api/v1/photos/buckets")).buckets).toEqual([]);
  },
  "photos/check": async () => {
    expect(await (await json(stranger, "/api/v1/photos/check", "POST", { sha256: [photo.sha256] })).json()).toEqual({ existing: [] });
  },
  "trash": () =>
    whileTrashed(async () => {
      expect((await get<{ photos: Photo[] }>(stranger, "/api/v1/trash")).photos).toEqual([]);
    }),
  "trash/restore": () =>
    whileTrashed(async () => {
      expect(await (await json(stranger, "/api/v1/trash/restore", "POST", { ids: [photo.id] })).json()).toEqual({ restored: 0 });
    }),
  "trash/empty": () =>
    whileTrashed(async () => {
      expect(await (await json(stranger, "/api/v1/trash/empty", "POST", { ids: [photo.id] })).json()).toEqual({ deleted: 0 });
      expect(await (await api(stranger, "/api/v1/trash/empty", { method: "POST" })).json()).toEqual({ deleted: 0 });
    }),
  "uploads/[[...id]]": async () => {
    const filename = Buffer.from("isolation.jpg").toString("base64");
    const created = await api(owner, "/api/v1/uploads", {
      method: "POST",
      headers: { "tus-resumable": "1.0.0", "upload-length": "1000", "upload-metadata": `filename ${filename}` },
    });
    expect(created.status).toBe(201);
    const upload = new URL(created.headers.get("location")!, baseUrl()).pathname;
    for (const method of ["HEAD", "PATCH", "DELETE"]) {
      const headers = { "tus-resumable": "1.0.0", "upload-offset": "0", "content-type": "application/offset+octet-stream" };
      expect((await api(stranger, upload, { method, headers, body: method === "PATCH" ? "x" : undefined })).status, method).toBe(404);
    }
    expect((await api(owner, upload, { method: "HEAD", headers: { "tus-resumable": "1.0.0" } })).status).toBe(200);
  },
  "me": async () => {
    expect(await get<{ account: { email: string }; usage: { photos: number } }>(stranger, "/api/v1/me")).toMatchObject({
      account: { email: stranger.email },
      usage: { photos: 0 },
    });
  },
  // The admin's routes: a stranger who is not the admin reaches none of the owner's account.
  "admin/accounts": async () => {
    await expectError(await api(stranger, "/api/v1/admin/accounts"), 403, "forbidden");
    await expectError(await json(stranger, "/api/v1/admin/accounts", "POST", { email: "new@example.com", password: "a long password" }), 403, "forbidden");
  },
  "admin/accounts/[id]": async () => {
    await expectError(await json(stranger, `/api/v1/admin/accounts/${ownerId}`, "PATCH", { disabled: true }), 403, "forbidden");
  },
  "admin/accounts/[id]/password": async () => {
    await expectError(await json(stranger, `/api/v1/admin/accounts/${ownerId}/password`, "PUT", { password: "the stranger's choice" }), 403, "forbidden");
  },
  "auth/sign-out-everywhere": async () => {
    // Someone else ending all of their own sessions ends none of the owner's (not the stranger: later probes need its token).
    const someone = await createUser();
    expect((await api(someone, "/api/v1/auth/sign-out-everywhere", { method: "POST" })).status).toBe(204);
    expect((await api(someone, "/api/v1/photos")).status).toBe(401);
    expect((await api(owner, "/api/v1/photos")).status).toBe(200);
  },
  "auth/signup": async () => {
    await expectError(await fetch(`${baseUrl()}/api/v1/auth/signup`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ email: owner.email, password: "another long password" }),
    }), 409);
  },
  "auth/tokens": async () => {
    const theirs = await get<{ tokens: { id: string }[] }>(owner, "/api/v1/auth/tokens");
    const mine = await get<{ tokens: { id: string }[] }>(stranger, "/api/v1/auth/tokens");
    expect(mine.tokens.map((token) => token.id)).not.toContain(theirs.tokens[0]!.id);
    // Asking for a token with the owner's email needs the owner's password.
    await expectError(await json(stranger, "/api/v1/auth/tokens", "POST", { email: owner.email, password: "the stranger's guess" }), 401);
  },
  "auth/tokens/[id]": async () => {
    const [token] = (await get<{ tokens: { id: string }[] }>(owner, "/api/v1/auth/tokens")).tokens;
    await expectError(await api(stranger, `/api/v1/auth/tokens/${token!.id}`, { method: "DELETE" }), 404, "not_found");
  },
  "push": async () => {
    expect((await api(stranger, "/api/v1/push")).status).toBe(200); // the server's public key only
  },
  "push/subscriptions": async () => {
    const keys = createECDH("prime256v1");
    keys.generateKeys();
    const endpoint = `https://127.0.0.1:${process.env.PUSH_SERVICE_PORT}/isolation/${randomBytes(6).toString("hex")}`;
    const subscription = { endpoint, keys: { p256dh: keys.getPublicKey().toString("base64url"), auth: randomBytes(16).toString("base64url") } };
    expect((await json(owner, "/api/v1/push/subscriptions", "POST", subscription)).status).toBe(201);
    expect((await json(stranger, "/api/v1/push/subscriptions", "DELETE", { endpoint })).status).toBe(204); // nothing of theirs to remove
    const { db } = await import("@/lib/db");
    expect(await db.pushSubscription.count({ where: { endpoint } })).toBe(1);
  },
  "openapi.json": async () => {
    // The same document for anyone, and nothing of any user's in it.
    const document = await (await api(null, "/api/v1/openapi.json")).text();
    expect(await (await api(owner, "/api/v1/openapi.json")).text()).toBe(document);
    for (const secret of [owner.email, photo.id, photo.sha256]) expect(document).not.toContain(secret);
  },
  "push/backup-finished": async () => {
    // Notifies the stranger's own devices (none): never the owner's.
    expect(await (await json(stranger, "/api/v1/push/backup-finished", "POST", { count: 1 })).json()).toEqual({ delivered: 0 });
  },
};

function routesUnder(directory: string, prefix = ""): string[] {
  return readdirSync(directory, { withFileTypes: true }).flatMap((entry) => {
    if (entry.isDirectory()) return routesUnder(path.join(directory, entry.name), `${prefix}${entry.name}/`);
    return entry.name === "route.ts" ? [prefix.replace(/\/$/, "")] : [];
  });
}

beforeAll(async () => {
  [owner, stranger] = await Promise.all([createUser(), createUser()]);
  // Whoever signed up first in this run is the instance's admin: the stranger is not.
  await db.user.update({ where: { email: stranger.email }, data: { isAdmin: false } });
  ownerId = (await db.user.findUniqueOrThrow({ where: { email: owner.email } })).id;
  const { body } = await uploadFixture(owner, "camera/Olympus_C8080WZ.jpg");
  photo = await waitForSettled(owner, body.photo.id);
});

describe("every /api/v1 route", () => {
  it("has an isolation probe", () => {
    expect(routesUnder(path.resolve("app/api/v1")).sort()).toEqual(Object.keys(probes).sort());
  });

  for (const [route, probe] of Object.entries(probes)) {
    it(`/api/v1/${route} shows another user nothing of the owner's`, probe);
  }

  it("and the owner still has everything", async () => {
    expect((await api(owner, `/api/v1/photos/${photo.id}`)).status).toBe(200);
    expect((await get<{ photos: Photo[] }>(owner, "/api/v1/photos")).photos.map((listed) => listed.id)).toContain(photo.id);
  });
});
