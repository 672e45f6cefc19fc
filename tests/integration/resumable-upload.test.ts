import { createHash } from "node:crypto";
import { readFile } from "node:fs/promises";
import { ListMultipartUploadsCommand, ListObjectsV2Command } from "@aws-sdk/client-s3";
import sharp from "sharp";
import * as tus from "tus-js-client";
import { beforeAll, describe, expect, it } from "vitest";
import type { Photo } from "@/lib/contract/photos";
import { api, baseUrl, createUser, expectError, fixturePath, upload, waitForSettled, type TestUser } from "@/tests/support/api";
import { startWebServer } from "@/tests/support/processes";
import { freePort } from "@/tests/support/test-run";

const PART_BYTES = 5 * 1024 * 1024;
const TUS_HEADERS = { "tus-resumable": "1.0.0" };
const sha256 = (bytes: Buffer) => createHash("sha256").update(bytes).digest("hex");
const metadataHeader = (metadata: Record<string, string>) =>
  Object.entries(metadata)
    .map(([key, value]) => `${key} ${Buffer.from(value).toString("base64")}`)
    .join(",");

/** Creates an upload and answers its URL path (the Location header is relative). */
async function createUpload(user: TestUser, size: number, metadata: Record<string, string>): Promise<string> {
  const response = await api(user, "/api/v1/uploads", {
    method: "POST",
    headers: { ...TUS_HEADERS, "upload-length": String(size), "upload-metadata": metadataHeader(metadata) },
  });
  expect(response.status).toBe(201);
  expect(response.headers.get("upload-expires")).toEqual(expect.any(String));
  return new URL(response.headers.get("location")!, baseUrl()).pathname;
}

function patchUpload(user: Pick<TestUser, "token">, path: string, offset: number, body: BodyInit, signal?: AbortSignal) {
  return api(user, path, {
    method: "PATCH",
    headers: { ...TUS_HEADERS, "upload-offset": String(offset), "content-type": "application/offset+octet-stream" },
    body,
    signal,
    duplex: "half",
  } as RequestInit);
}

async function uploadOffset(user: Pick<TestUser, "token">, path: string): Promise<number> {
  const response = await api(user, path, { method: "HEAD", headers: TUS_HEADERS });
  expect(response.status).toBe(200);
  expect(response.headers.get("cache-control")).toBe("no-store");
  return Number(response.headers.get("upload-offset"));
}

/** Every object of this user's in the store, uploads in progress and originals: a refused upload leaves none. */
async function storedObjects(user: TestUser): Promise<string[]> {
  const { s3 } = await import("@/lib/storage");
  const { db } = await import("@/lib/db");
  const { id } = await db.user.findUniqueOrThrow({ where: { email: user.email } });
  const keys: string[] = [];
  for (const prefix of [`uploads/${id}/`, `originals/${id}/`]) {
    const listing = await s3.send(new ListObjectsV2Command({ Bucket: process.env.S3_BUCKET ?? "photos", Prefix: prefix }));
    keys.push(...(listing.Contents ?? []).map((object) => object.Key!));
  }
  return keys;
}

async function photoCount(user: TestUser): Promise<number> {
  const { db } = await import("@/lib/db");
  return db.photo.count({ where: { user: { email: user.email } } });
}

/** Sends the first `bytes` of a body, waits for the server to store what it can, then drops the connection. */
async function patchThenDrop(user: TestUser, path: string, bytes: Buffer) {
  const connection = new AbortController();
  let sent = 0;
  const body = new ReadableStream<Uint8Array>({
    async pull(controller) {
      if (sent === bytes.length) {
        await new Promise((resolve) => setTimeout(resolve, 1500));
        connection.abort();
        return;
      }
      const chunk = bytes.subarray(sent, sent + 256 * 1024);
      sent += chunk.length;
      controller.enqueue(chunk);
    },
  });
  await expect(patchUpload(user, path, 0, body, connection.signal)).rejects.toThrow();
  return sent;
}

describe("resumable uploads (tus)", () => {
  let owner: TestUser;
  let stranger: TestUser;
  let largeImage: Buffer;

  beforeAll(async () => {
    [owner, stranger] = await Promise.all([createUser(), createUser()]);
    // Noise does not compress: a 13+ MB JPEG that is a real, decodable photo.
    largeImage = await sharp({ create: { width: 2600, height: 1800, channels: 3, background: "black", noise: { type: "gaussian", mean: 128, sigma: 80 } } })
      .jpeg({ quality: 100, chromaSubsampling: "4:4:4" })
      .toBuffer();
    expect(largeImage.length).toBeGreaterThan(12 * 1024 * 1024);
  });

  it("resumes a dropped upload from the last stored part and ends with the same bytes, ready", async () => {
    const size = largeImage.length;
    const path = await createUpload(owner, size, { filename: "noise.jpg", lastModified: String(Date.UTC(2021, 5, 1)), sha256: sha256(largeImage) });
    expect(path).toMatch(/^\/api\/v1\/uploads\/[0-9a-f-]{36}$/);

    const sentBeforeDrop = await patchThenDrop(owner, path, largeImage.subarray(0, Math.floor(size / 2)));
    const offset = await uploadOffset(owner, path);
    expect(offset).toBeGreaterThanOrEqual(PART_BYTES);
    expect(offset).toBeLessThanOrEqual(sentBeforeDrop);

    // Another user's token finds no such upload, whatever the method, and changes nothing.
    for (const method of ["HEAD", "DELETE"]) {
      expect((await api(stranger, path, { method, headers: TUS_HEADERS })).status).toBe(404);
    }
    await expectError(await patchUpload(stranger, path, offset, new Uint8Array(largeImage.subarray(offset))), 404, "not_found");
    expect(await uploadOffset(owner, path)).toBe(offset);

    const rest = largeImage.subarray(offset);
    const finished = await patchUpload(owner, path, offset, new Uint8Array(rest));
    expect(finished.status).toBe(200);
    const { photo, duplicate } = (await finished.json()) as { photo: Photo; duplicate?: true };
    expect(duplicate).toBeUndefined();
    expect(photo).toMatchObject({ filename: "noise.jpg", contentType: "image/jpeg", size, sha256: sha256(largeImage), status: "processing" });

    const bytesSent = sentBeforeDrop + rest.length;
    console.log(JSON.stringify({ figure: "resumable upload after a drop", size, offset, bytesSent, ratio: +(bytesSent / size).toFixed(3) }));
    expect(bytesSent).toBeLessThan(1.2 * size);

    const settled = await waitForSettled(owner, photo.id, 90_000);
    expect(settled.status, settled.error ?? "").toBe("ready");
    expect([settled.width, settled.height]).toEqual([2600, 1800]);
    const original = await api(owner, `/api/v1/photos/${photo.id}/original`);
    const stored = Buffer.from(await (await fetch(original.headers.get("location")!)).arrayBuffer());
    expect(stored.equals(largeImage)).toBe(true);

    // Finished: the upload's own objects are gone, only the original is kept.
    expect(await storedObjects(owner)).toEqual([expect.stringMatching(new RegExp(`^originals/.+/${photo.id}$`))]);
    expect((await api(owner, path, { method: "HEAD", headers: TUS_HEADERS })).status).toBe(404);
  });

  it("lets a second web process take over an upload the first is still writing: the locks are shared through Redis", async () => {
    const port = await freePort();
    const second = await startWebServer({ LOG_LEVEL: "warn" }, port);
    const onSecond = (path: string, init: RequestInit) =>
      fetch(`http://127.0.0.1:${port}${path}`, { ...init, headers: { ...TUS_HEADERS, authorization: `Bearer ${owner.token}`, ...init.headers } });
    const connection = new AbortController();
    try {
      const size = largeImage.length;
      const path = await createUpload(owner, size, { filename: "two-servers.jpg", sha256: sha256(largeImage) });
      // The first process gets 6 MiB, then the phone goes quiet without closing the connection (a train in a tunnel).
      const head = largeImage.subarray(0, 6 * 1024 * 1024);
      let sent = 0;
      const stalling = new ReadableStream<Uint8Array>({
        async pull(controller) {
          if (sent === head.length) return new Promise<void>(() => {});
          const chunk = head.subarray(sent, sent + 256 * 1024);
          sent += chunk.length;
          controller.enqueue(chunk);
        },
      });
      const firstPatch = patchUpload(owner, path, 0, stalling, connection.signal).then(
        (response) => `answered ${response.status}`,
        () => "connection closed",
      );
      while (sent < head.length) await new Promise((resolve) => setTimeout(resolve, 50));

      // The resumed client reaches the other process, which asks the first to let go of the upload.
      const resumed = await onSecond(path, { method: "HEAD" });
      expect(resumed.status).toBe(200);
      const released = await Promise.race([firstPatch, new Promise((resolve) => setTimeout(() => resolve("still writing"), 15_000))]);
      expect(released).not.toBe("still writing");
      const offset = Number(resumed.headers.get("upload-offset"));
      expect(offset).toBeGreaterThanOrEqual(PART_BYTES);

      const finished = await onSecond(path, {
        method: "PATCH",
        headers: { "upload-offset": String(offset), "content-type": "application/offset+octet-stream" },
        body: new Uint8Array(largeImage.subarray(offset)),
      });
      expect(finished.status).toBe(200);
      const { photo } = (await finished.json()) as { photo: Photo };
      expect(photo).toMatchObject({ size, sha256: sha256(largeImage) });
      expect((await waitForSettled(owner, photo.id, 90_000)).status).toBe("ready");
    } finally {
      connection.abort();
      await second.stop();
    }
  });

  it("never lets a complete upload look finished before it is a photo: the finish failed, the resuming HEAD does it", async () => {
    const user = await createUser();
    const bytes = await readFile(fixturePath("camera/Canon_40D.jpg"));
    const { db } = await import("@/lib/db");
    // Postgres refuses the row as the last PATCH completes, as while it restarts (SQLSTATE 57P01).
    await db.$executeRawUnsafe(`CREATE FUNCTION refuse_finish() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN IF NEW.filename = 'finish-fails.jpg' THEN RAISE EXCEPTION 'terminating connection' USING ERRCODE = '57P01'; END IF; RETURN NEW; END $$`);
    await db.$executeRawUnsafe("CREATE TRIGGER refuse_finish BEFORE INSERT ON photos FOR EACH ROW EXECUTE FUNCTION refuse_finish()");
    let path: string;
    try {
      path = await createUpload(user, bytes.length, { filename: "finish-fails.jpg", sha256: sha256(bytes) });
      await expectError(await patchUpload(user, path, 0, new Uint8Array(bytes)), 503, "service_unavailable");
    } finally {
      await db.$executeRawUnsafe("DROP TRIGGER refuse_finish ON photos");
      await db.$executeRawUnsafe("DROP FUNCTION refuse_finish");
    }

    // The client resumes: HEAD finds every byte stored, and by its answer the photo exists.
    const head = await api(user, path, { method: "HEAD", headers: TUS_HEADERS });
    expect(head.status).toBe(200);
    expect(head.headers.get("upload-offset")).toBe(String(bytes.length));
    const check = await api(user, "/api/v1/photos/check", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ sha256: [sha256(bytes)] }),
    });
    expect(await check.json()).toEqual({ existing: [sha256(bytes)] });
    expect(await photoCount(user)).toBe(1);
    // Finished, the upload is gone: a later resume starts anew and is answered as a duplicate.
    expect((await api(user, path, { method: "HEAD", headers: TUS_HEADERS })).status).toBe(404);
  });

  it("reports a duplicate through tus-js-client and stores it once", async () => {
    const user = await createUser();
    const bytes = await readFile(fixturePath("camera/Canon_40D.jpg"));
    const first = await upload(user, bytes, { filename: "Canon_40D.jpg" });
    expect(first.status).toBe(201);
    const { photo: existing } = (await first.json()) as { photo: Photo };

    const body = await new Promise<string>((resolve, reject) => {
      new tus.Upload(bytes, {
        endpoint: `${baseUrl()}/api/v1/uploads`,
        headers: { authorization: `Bearer ${user.token}` },
        metadata: { filename: "again.jpg", lastModified: "1600000000000" },
        chunkSize: PART_BYTES,
        retryDelays: [],
        onSuccess: ({ lastResponse }) => resolve(lastResponse.getBody()),
        onError: reject,
      }).start();
    });
    expect(JSON.parse(body)).toMatchObject({ duplicate: true, photo: { id: existing.id, sha256: existing.sha256 } });
    expect(await photoCount(user)).toBe(1);
    expect(await storedObjects(user)).toHaveLength(1);
  });

  it("answers 415 for content that is not an image and keeps nothing", async () => {
    const user = await createUser();
    const text = Buffer.from("not a photo at all\n".repeat(40_000));
    const path = await createUpload(user, text.length, { filename: "fake.jpg" });
    await expectError(await patchUpload(user, path, 0, new Uint8Array(text)), 415, "unsupported_media_type");
    expect(await photoCount(user)).toBe(0);
    expect(await storedObjects(user)).toEqual([]);
  });

  it("answers 400 when the client's sha256 does not match and keeps nothing", async () => {
    const user = await createUser();
    const bytes = await readFile(fixturePath("camera/Pentax_K10D.jpg"));
    const path = await createUpload(user, bytes.length, { filename: "Pentax.jpg", sha256: "a".repeat(64) });
    await expectError(await patchUpload(user, path, 0, new Uint8Array(bytes)), 400, "sha256_mismatch");
    expect(await photoCount(user)).toBe(0);
    expect(await storedObjects(user)).toEqual([]);
  });

  it("refuses bad requests in the JSON error shape", async () => {
    const user = await createUser();
    const create = (headers: Record<string, string>, who: TestUser | null = user) =>
      api(who, "/api/v1/uploads", { method: "POST", headers: { ...TUS_HEADERS, ...headers } });
    const named = metadataHeader({ filename: "a.jpg" });
    await expectError(await create({ "upload-length": "10", "upload-metadata": named }, null), 401, "unauthorized");
    await expectError(await create({ "upload-length": String(Number(process.env.MAX_UPLOAD_BYTES) + 1), "upload-metadata": named }), 413, "payload_too_large");
    await expectError(await create({ "upload-length": "10" }), 400, "bad_request");
    await expectError(await create({ "upload-length": "10", "upload-metadata": metadataHeader({ filename: "a.jpg", sha256: "nothex" }) }), 400, "invalid_sha256");
    await expectError(await create({ "upload-length": "0", "upload-metadata": named }), 415, "unsupported_media_type");
    await expectError(await api(user, "/api/v1/uploads", { method: "POST", headers: { "upload-length": "10" } }), 412);
    await expectError(await api(user, "/api/v1/uploads/not-an-id", { method: "PATCH", headers: TUS_HEADERS }), 404, "not_found");
    const options = await api(null, "/api/v1/uploads", { method: "OPTIONS" });
    expect(options.headers.get("tus-max-size")).toBe(process.env.MAX_UPLOAD_BYTES);
    expect(await storedObjects(user)).toEqual([]);
  });

  it("lets the worker's sweep finish an upload completed in the store but never recorded (a crash before the row)", async () => {
    const user = await createUser();
    const { db } = await import("@/lib/db");
    const { objectKeys } = await import("@/lib/storage");
    const { uploadStore } = await import("@/lib/photos/resumable-upload");
    const { Upload } = await import("@tus/server");
    const { Readable } = await import("node:stream");
    const { id: userId } = await db.user.findUniqueOrThrow({ where: { email: user.email } });
    const photoId = crypto.randomUUID();
    const bytes = await readFile(fixturePath("camera/Nikon_D70.jpg"));
    // What the web process leaves when it dies right after the last PATCH was stored.
    const key = objectKeys.resumableUpload(userId, photoId);
    await uploadStore.create(new Upload({ id: key, size: bytes.length, offset: 0, metadata: { filename: "Nikon_D70.jpg" } }));
    await uploadStore.write(Readable.from([bytes]), key, 0);

    const { sweepResumableUploads } = await import("@/lib/photos/sweep-resumable-uploads");
    await sweepResumableUploads(); // too recent: its request may still be finishing it
    expect(await photoCount(user)).toBe(0);
    const { finished } = await sweepResumableUploads(new Date(Date.now() + 11 * 60_000));
    expect(finished).toBeGreaterThanOrEqual(1);
    const photo = await waitForSettled(user, photoId);
    expect(photo).toMatchObject({ filename: "Nikon_D70.jpg", sha256: sha256(bytes), status: "ready" });
    expect(await storedObjects(user)).toEqual([objectKeys.original(userId, photoId)]);
  });

  it("lets the worker's sweep abort an upload left incomplete past its expiry", async () => {
    const user = await createUser();
    const path = await createUpload(user, largeImage.length, { filename: "abandoned.jpg" });
    const stored = await patchUpload(user, path, 0, new Uint8Array(largeImage.subarray(0, PART_BYTES + 1000)));
    expect(stored.status).toBe(204);
    expect(await storedObjects(user)).toHaveLength(2); // its .info and the incomplete last part

    const { sweepResumableUploads } = await import("@/lib/photos/sweep-resumable-uploads");
    // Not yet expired: the sweep leaves it alone.
    await sweepResumableUploads();
    expect(await uploadOffset(user, path)).toBe(PART_BYTES + 1000);

    const { expired } = await sweepResumableUploads(new Date(Date.now() + 25 * 3600 * 1000));
    expect(expired).toBeGreaterThanOrEqual(1);
    const { s3 } = await import("@/lib/storage");
    const pending = await s3.send(new ListMultipartUploadsCommand({ Bucket: process.env.S3_BUCKET ?? "photos", Prefix: "uploads/" }));
    expect((pending.Uploads ?? []).filter((upload) => path.endsWith(upload.Key!.split("/").pop()!))).toEqual([]);
    expect(await storedObjects(user)).toEqual([]);
    expect((await api(user, path, { method: "HEAD", headers: TUS_HEADERS })).status).toBe(404);
  });
});
