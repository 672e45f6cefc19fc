import { createHash } from "node:crypto";
import { readFile } from "node:fs/promises";
import * as tus from "tus-js-client";
import { beforeEach, describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { listObjects } from "@/lib/storage";
import { api, createUser, expectError, fixturePath, upload, type TestUser } from "@/tests/support/api";
import { storedOriginals } from "@/tests/support/store";

const sha256 = (bytes: Buffer) => createHash("sha256").update(bytes).digest("hex");
const metadataHeader = (metadata: Record<string, string>) =>
  Object.entries(metadata)
    .map(([key, value]) => `${key} ${Buffer.from(value).toString("base64")}`)
    .join(",");

const setQuota = (user: TestUser, quotaBytes: number | null) =>
  db.user.update({ where: { email: user.email }, data: { quotaBytes: quotaBytes === null ? null : BigInt(quotaBytes) } });

async function storedUploads(user: TestUser): Promise<string[]> {
  const { id } = await db.user.findUniqueOrThrow({ where: { email: user.email } });
  const keys: string[] = [];
  for await (const { key } of listObjects(`uploads/${id}/`)) keys.push(key);
  return keys;
}

const photoRows = (user: TestUser) => db.photo.count({ where: { user: { email: user.email } } });

/** Nothing of a refused upload is kept: no original, no resumable upload's parts, no row. */
async function expectNothingStored(user: TestUser, photos = 0) {
  expect(await photoRows(user)).toBe(photos);
  expect(await storedOriginals(user.email)).toHaveLength(photos);
  expect(await storedUploads(user)).toEqual([]);
}

describe("quotas", () => {
  let user: TestUser;
  let canon: Buffer;
  let nikon: Buffer;
  beforeEach(async () => {
    user = await createUser();
    [canon, nikon] = await Promise.all([readFile(fixturePath("camera/Canon_40D.jpg")), readFile(fixturePath("camera/Nikon_D70.jpg"))]);
  });

  it("refuses a plain upload that would pass the quota with 507, before storing it, whether its size is sent first or not", async () => {
    await setQuota(user, canon.length - 1);
    const streamed = await upload(user, canon, { fields: { size: String(canon.length), sha256: sha256(canon) } });
    const error = await expectError(streamed, 507, "quota_exceeded");
    expect(error.message).toMatch(/You use 0 bytes of \d+(\.\d)? KB\./);
    await expectError(await upload(user, canon, { fields: { size: String(canon.length) } }), 507, "quota_exceeded");
    await expectError(await upload(user, canon), 507, "quota_exceeded");
    await expectNothingStored(user);
  });

  it("refuses a body of unknown length (chunked, no size field) once it is measured, and removes it", async () => {
    await setQuota(user, canon.length - 1);
    const form = new FormData();
    form.append("file", new Blob([new Uint8Array(canon)]), "chunked.jpg");
    const multipart = new Response(form);
    const bytes = new Uint8Array(await multipart.arrayBuffer());
    const chunked = () =>
      api(user, "/api/v1/photos", {
        method: "POST",
        headers: { "content-type": multipart.headers.get("content-type")! },
        body: new ReadableStream({
          start(controller) {
            controller.enqueue(bytes);
            controller.close();
          },
        }),
        duplex: "half",
      } as RequestInit);
    await expectError(await chunked(), 507, "quota_exceeded");
    await expectNothingStored(user);
    await setQuota(user, canon.length);
    expect((await chunked()).status).toBe(201);
  });

  it("counts the photos already stored, takes what fits, and never refuses a duplicate", async () => {
    await setQuota(user, canon.length + 1000);
    expect((await upload(user, canon, { fields: { size: String(canon.length), sha256: sha256(canon) } })).status).toBe(201);
    const refused = await upload(user, nikon, { fields: { size: String(nikon.length), sha256: sha256(nikon) } });
    expect((await expectError(refused, 507, "quota_exceeded")).message).toMatch(/KB\) would pass your quota\. You use \d+(\.\d)? KB of/);
    const again = await upload(user, canon, { fields: { size: String(canon.length), sha256: sha256(canon) } });
    expect(again.status).toBe(200);
    expect(await again.json()).toMatchObject({ duplicate: true });
    await expectNothingStored(user, 1);

    await setQuota(user, null);
    expect((await upload(user, nikon, { fields: { size: String(nikon.length), sha256: sha256(nikon) } })).status).toBe(201);
  });

  it("refuses a resumable upload at its creation, from its Upload-Length, with a 507 the tus client sees", async () => {
    await setQuota(user, 1000);
    const created = await api(user, "/api/v1/uploads", {
      method: "POST",
      headers: { "tus-resumable": "1.0.0", "upload-length": String(canon.length), "upload-metadata": metadataHeader({ filename: "a.jpg" }) },
    });
    await expectError(created, 507, "quota_exceeded");

    const status = await new Promise<number | undefined>((resolve, reject) => {
      new tus.Upload(canon, {
        endpoint: `${process.env.BASE_URL}/api/v1/uploads`,
        headers: { authorization: `Bearer ${user.token}` },
        metadata: { filename: "a.jpg", sha256: sha256(canon) },
        retryDelays: null,
        onSuccess: () => reject(new Error("the upload was taken")),
        onError: (error) => resolve((error as tus.DetailedError).originalResponse?.getStatus()),
      }).start();
    });
    expect(status).toBe(507);
    await expectError(
      await api(user, "/api/v1/uploads", {
        method: "POST",
        headers: { "tus-resumable": "1.0.0", "upload-defer-length": "1", "upload-metadata": metadataHeader({ filename: "a.jpg" }) },
      }),
      400,
      "bad_request",
    );
    await expectNothingStored(user);
  });

  it("answers /me with the account, its usage and its quota (none without DEFAULT_QUOTA_BYTES)", async () => {
    const me = await api(user, "/api/v1/me");
    expect(me.status).toBe(200);
    const { id } = await db.user.findUniqueOrThrow({ where: { email: user.email } });
    expect(await me.json()).toEqual({
      account: { id, email: user.email, isAdmin: expect.any(Boolean), createdAt: expect.any(String) },
      usage: { photos: 0, bytes: 0 },
      quotaBytes: null,
    });
    await setQuota(user, 5_000_000);
    expect((await upload(user, canon)).status).toBe(201);
    expect(await (await api(user, "/api/v1/me")).json()).toMatchObject({ usage: { photos: 1, bytes: canon.length }, quotaBytes: 5_000_000 });
    await expectError(await api(null, "/api/v1/me"), 401, "unauthorized");
  });
});
