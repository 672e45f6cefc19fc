import { createHash } from "node:crypto";
import { readdirSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { HeadObjectCommand } from "@aws-sdk/client-s3";
import exifr from "exifr";
import sharp from "sharp";
import { beforeAll, describe, expect, it } from "vitest";
import type { Photo } from "@/lib/contract/photos";
import { api, createUser, expectError, fixturePath, upload, uploadFixture, waitForSettled, type TestUser } from "@/tests/support/api";
import { tiffWithIfdAtEnd } from "@/tests/support/fixtures";
import { fetchThumbnail, pixelDifference } from "@/tests/support/images";
import { storedOriginals } from "@/tests/support/store";

const FIXTURE_DIRS = ["camera", "orientation", "heic", "phone"];
const decodable = FIXTURE_DIRS.flatMap((dir) => readdirSync(fixturePath(dir)).map((name) => `${dir}/${name}`));

async function objectExists(key: string): Promise<boolean> {
  const { s3 } = await import("@/lib/storage");
  try {
    await s3.send(new HeadObjectCommand({ Bucket: process.env.S3_BUCKET ?? "photos", Key: key }));
    return true;
  } catch {
    return false;
  }
}

describe("every fixture, end to end", () => {
  let user: TestUser;
  const settled = new Map<string, Photo>();
  const uploaded = new Map<string, Photo>();

  beforeAll(async () => {
    user = await createUser();
    for (const name of decodable) {
      const { response, body } = await uploadFixture(user, name, { lastModified: String(Date.UTC(2020, 0, 2)) });
      expect(response.status, name).toBe(201);
      uploaded.set(name, body.photo);
    }
    for (const [name, photo] of uploaded) settled.set(name, await waitForSettled(user, photo.id, 90_000));
  }, 180_000);

  it("answers 201 with the photo processing, before any thumbnail exists", () => {
    for (const photo of uploaded.values()) {
      expect(photo).toMatchObject({ status: "processing", thumbnails: null, thumbhash: null });
      expect(photo.sha256).toMatch(/^[0-9a-f]{64}$/);
    }
  });

  it("makes every photo ready with three WebP thumbnails within the size rules", async () => {
    for (const [name, photo] of settled) {
      expect(photo.status, `${name}: ${photo.error}`).toBe("ready");
      expect(photo.thumbhash).toMatch(/^[A-Za-z0-9+/=]+$/);
      const small = sharp(await fetchThumbnail(photo.thumbnails!.small));
      const medium = sharp(await fetchThumbnail(photo.thumbnails!.medium));
      const large = sharp(await fetchThumbnail(photo.thumbnails!.large));
      const [s, m, l] = await Promise.all([small.metadata(), medium.metadata(), large.metadata()]);
      const shortEdge = Math.min(photo.width!, photo.height!);
      const longEdge = Math.max(photo.width!, photo.height!);
      expect(Math.min(s.width, s.height), name).toBe(Math.min(256, shortEdge));
      expect(Math.max(m.width, m.height), name).toBe(Math.min(1080, longEdge));
      expect(Math.max(l.width, l.height), name).toBe(Math.min(2048, longEdge));
      for (const meta of [s, m, l]) {
        expect(meta.format).toBe("webp");
        expect(meta.exif, `${name} thumbnail carries EXIF`).toBeUndefined();
        expect(meta.xmp, `${name} thumbnail carries XMP`).toBeUndefined();
        expect(meta.icc, `${name} thumbnail carries an ICC profile`).toBeUndefined();
        // Same aspect as displayed (after EXIF orientation).
        expect(Math.sign(meta.width - meta.height)).toBe(Math.sign(photo.width! - photo.height!));
      }
    }
  });

  it("leaves no GPS or other EXIF in any thumbnail", async () => {
    const withGps = await exifr.gps(fixturePath("phone/iphone_hdr_YES.jpg")).catch(() => undefined);
    expect(withGps?.latitude, "fixture sanity: the iPhone photo has GPS").toEqual(expect.any(Number));
    for (const photo of settled.values()) {
      for (const url of Object.values(photo.thumbnails!)) {
        const tags = await exifr.parse(await fetchThumbnail(url), { gps: true }).catch(() => undefined);
        expect(tags?.latitude).toBeUndefined();
        expect(tags?.DateTimeOriginal).toBeUndefined();
      }
    }
  });

  it("turns every EXIF orientation upright, matching Landscape_0", async () => {
    const reference = await fetchThumbnail(settled.get("orientation/Landscape_0.jpg")!.thumbnails!.small);
    for (let orientation = 1; orientation <= 8; orientation++) {
      const photo = settled.get(`orientation/Landscape_${orientation}.jpg`)!;
      expect(photo.width).toBe(1800);
      expect(photo.height).toBe(1200);
      const difference = await pixelDifference(reference, await fetchThumbnail(photo.thumbnails!.small));
      expect(difference, `orientation ${orientation}`).toBeLessThan(8);
    }
    // Sanity check of the measure: a mirrored image is far from the reference.
    const mirrored = await sharp(reference).flop().toBuffer();
    expect(await pixelDifference(reference, mirrored)).toBeGreaterThan(20);
  });

  it("takes takenAt from EXIF, keeping the UTC offset, else from lastModified", () => {
    expect(settled.get("camera/Canon_40D.jpg")!.takenAt).toBe("2008-05-30T15:56:01.000Z");
    expect(settled.get("phone/jolla.jpg")!.takenAt).toBe("2014-09-21T16:00:56.000Z");
    // 15:47:53.054 (SubSecTimeOriginal) at UTC-05:00.
    expect(settled.get("heic/IMG_5195.HEIC")!.takenAt).toBe("2021-04-11T20:47:53.054Z");
    expect(settled.get("orientation/Landscape_0.jpg")!.takenAt).toBe("2020-01-02T00:00:00.000Z");
  });

  it("decodes HEIC and HEIF from phones", () => {
    const heic = settled.get("heic/IMG_5195.HEIC")!;
    expect(heic).toMatchObject({ contentType: "image/heic", status: "ready" });
    expect([heic.width, heic.height]).toEqual([2566, 3313]);
    expect(settled.get("heic/samplefilehub.heif")!.status).toBe("ready");
  });

  it("serves the original byte-identical from the store through a signed URL", async () => {
    for (const name of ["phone/iphone_hdr_YES.jpg", "heic/IMG_5195.HEIC"]) {
      const photo = settled.get(name)!;
      const redirect = await api(user, `/api/v1/photos/${photo.id}/original`);
      expect(redirect.status).toBe(302);
      const location = redirect.headers.get("location")!;
      expect(new URL(location).origin).toBe(new URL(process.env.S3_ENDPOINT!).origin);
      const bytes = Buffer.from(await (await fetch(location)).arrayBuffer());
      expect(createHash("sha256").update(bytes).digest("hex")).toBe(photo.sha256);
      expect(bytes.equals(await readFile(fixturePath(name)))).toBe(true);

      const json = await api(user, `/api/v1/photos/${photo.id}/original`, { headers: { accept: "application/json" } });
      const body = (await json.json()) as { url: string; expiresAt: string };
      expect(Date.parse(body.expiresAt) - Date.now()).toBeGreaterThan(500_000);
      expect(Date.parse(body.expiresAt) - Date.now()).toBeLessThanOrEqual(600_000);
      expect((await fetch(body.url)).status).toBe(200);
    }
  });

  it("pages through the library newest first with a keyset cursor", async () => {
    const seen: Photo[] = [];
    let cursor: string | null = null;
    do {
      const query: string = cursor ? `?limit=4&cursor=${cursor}` : "?limit=4";
      const response = await api(user, `/api/v1/photos${query}`);
      expect(response.status).toBe(200);
      const page = (await response.json()) as { photos: Photo[]; nextCursor: string | null };
      expect(page.photos.length).toBeLessThanOrEqual(4);
      seen.push(...page.photos);
      cursor = page.nextCursor;
    } while (cursor);
    expect(seen.map((photo) => photo.id).sort()).toEqual([...settled.values()].map((photo) => photo.id).sort());
    const order = seen.map((photo) => [photo.takenAt, photo.id] as const);
    const sorted = [...order].sort((a, b) => (a[0] === b[0] ? b[1].localeCompare(a[1]) : b[0].localeCompare(a[0])));
    expect(order).toEqual(sorted);
  });

  it("reports which hashes the user already has", async () => {
    const known = settled.get("camera/Canon_40D.jpg")!.sha256;
    const response = await api(user, "/api/v1/photos/check", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ sha256: [known.toUpperCase(), "0".repeat(64)] }),
    });
    expect(await response.json()).toEqual({ existing: [known] });
  });
});

describe("upload edge cases", () => {
  let user: TestUser;
  beforeAll(async () => {
    user = await createUser();
  });

  it("stores a duplicate once and answers 200 with the existing photo", async () => {
    const first = await uploadFixture(user, "camera/Nikon_D70.jpg");
    expect(first.response.status).toBe(201);
    const second = await uploadFixture(user, "camera/Nikon_D70.jpg");
    expect(second.response.status).toBe(200);
    expect(second.body).toMatchObject({ duplicate: true, photo: { id: first.body.photo.id } });
    const { db } = await import("@/lib/db");
    expect(await db.photo.count({ where: { sha256: first.body.photo.sha256, user: { email: user.email } } })).toBe(1);
  });

  it("refuses a wrong client sha256 with 400 and keeps nothing", async () => {
    const bytes = await readFile(fixturePath("camera/Pentax_K10D.jpg"));
    await expectError(await upload(user, bytes, { filename: "Pentax_K10D.jpg", fields: { sha256: "a".repeat(64) } }), 400, "sha256_mismatch");
    await expectError(await upload(user, Buffer.from("x"), { fields: { sha256: "nothex" } }), 400);
    const list = (await (await api(user, "/api/v1/photos?limit=500")).json()) as { photos: Photo[] };
    expect(list.photos.some((photo) => photo.filename === "Pentax_K10D.jpg")).toBe(false);
    expect(await storedOriginals(user.email)).toHaveLength(list.photos.length);
  });

  it("accepts a matching client sha256", async () => {
    const bytes = await readFile(fixturePath("camera/Olympus_C8080WZ.jpg"));
    const sha256 = createHash("sha256").update(bytes).digest("hex");
    const response = await upload(user, bytes, { filename: "Olympus.jpg", fields: { sha256 } });
    expect(response.status).toBe(201);
  });

  it("streams a file whose size comes first straight into the store, and refuses a wrong size", async () => {
    const bytes = await readFile(fixturePath("orientation/Landscape_3.jpg"));
    for (const size of [bytes.length - 1, bytes.length + 1]) {
      await expectError(await upload(user, bytes, { filename: "sized.jpg", fields: { size: String(size) } }), 400, "bad_request");
    }
    await expectError(await upload(user, bytes, { filename: "sized.jpg", fields: { size: "-5" } }), 400, "bad_request");
    await expectError(await upload(user, bytes, { filename: "sized.jpg", fields: { size: String(64 * 1024 * 1024) } }), 413);
    const before = (await (await api(user, "/api/v1/photos?limit=500")).json()) as { photos: Photo[] };
    expect(before.photos.some((photo) => photo.filename === "sized.jpg")).toBe(false);
    expect(await storedOriginals(user.email)).toHaveLength(before.photos.length);

    const sha256 = createHash("sha256").update(bytes).digest("hex");
    const response = await upload(user, bytes, { filename: "sized.jpg", fields: { sha256, size: String(bytes.length) } });
    expect(response.status).toBe(201);
    const { photo } = (await response.json()) as { photo: Photo };
    expect(photo).toMatchObject({ size: bytes.length, sha256 });
    const original = await api(user, `/api/v1/photos/${photo.id}/original`, { headers: { accept: "application/json" } });
    const { url } = (await original.json()) as { url: string };
    const stored = Buffer.from(await (await fetch(url)).arrayBuffer());
    expect(createHash("sha256").update(stored).digest("hex")).toBe(sha256);
  });

  it("accepts a big-endian TIFF whose directory lies at the end of the file, beyond the sniffed prefix, and makes its thumbnails", async () => {
    // 230 KB, more than the first chunks the request's body arrives in.
    const response = await upload(user, tiffWithIfdAtEnd(320, 240), { filename: "scan.tif" });
    expect(response.status).toBe(201);
    const { photo } = (await response.json()) as { photo: Photo };
    const settled = await waitForSettled(user, photo.id, 60_000);
    expect(settled).toMatchObject({ contentType: "image/tiff", status: "ready", width: 320, height: 240 });
    expect((await sharp(await fetchThumbnail(settled.thumbnails!.small)).metadata()).format).toBe("webp");
  });

  it("dates a JPEG whose only date is its GPS time at that instant, not at its lastModified or upload", async () => {
    const { response, body } = await uploadFixture(user, "gps/gps-time-only.jpg", { lastModified: String(Date.UTC(2020, 0, 2)) });
    expect(response.status).toBe(201);
    expect(await waitForSettled(user, body.photo.id)).toMatchObject({ status: "ready", takenAt: "2019-07-14T18:45:12.500Z", takenAtOffset: "+00:00" });
  });

  it("answers 415 for content that is not a supported image, whatever its name", async () => {
    const user = await createUser();
    await expectError(await upload(user, Buffer.from("just some text, not a photo"), { filename: "fake.jpg" }), 415, "unsupported_media_type");
    await expectError(await upload(user, Buffer.from("%PDF-1.7\n%âãÏÓ\n1 0 obj\n"), { filename: "doc.heic" }), 415);
    await expectError(await upload(user, Buffer.alloc(0), { filename: "empty.jpg" }), 415);
    expect(await storedOriginals(user.email)).toHaveLength(0);
  });

  it("answers 413 over MAX_UPLOAD_BYTES, declared or streamed", async () => {
    const user = await createUser();
    const limit = Number(process.env.MAX_UPLOAD_BYTES);
    const jpegHead = await readFile(fixturePath("camera/Canon_40D.jpg"));
    const oversized = Buffer.concat([jpegHead, Buffer.alloc(limit)]);
    await expectError(await upload(user, oversized, { filename: "huge.jpg" }), 413, "payload_too_large");

    // Without a Content-Length the limit is enforced while streaming.
    const form = new FormData();
    form.append("file", new Blob([new Uint8Array(oversized)]), "huge.jpg");
    const encoded = new Response(form);
    const response = await api(user, "/api/v1/photos", {
      method: "POST",
      headers: { "content-type": encoded.headers.get("content-type")! },
      body: encoded.body,
      duplex: "half",
    } as RequestInit);
    await expectError(response, 413, "payload_too_large");
    expect(await storedOriginals(user.email)).toHaveLength(0);
  });

  it("answers 400 for a request that is not multipart or has no file part", async () => {
    await expectError(await api(user, "/api/v1/photos", { method: "POST", body: "hello" }), 400);
    const form = new FormData();
    form.append("note", "no file here");
    await expectError(await api(user, "/api/v1/photos", { method: "POST", body: form }), 400);
  });

  it("marks the truncated JPEG failed with a reason, and the worker keeps working", async () => {
    const broken = await uploadFixture(user, "broken/corrupted.jpg");
    expect(broken.response.status).toBe(201);
    const failed = await waitForSettled(user, broken.body.photo.id);
    expect(failed.status).toBe("failed");
    expect(failed.error).toMatch(/decode|corrupt|premature/i);
    expect(failed.thumbnails).toBeNull();
    // The original is kept: nothing accepted is lost.
    expect((await api(user, `/api/v1/photos/${failed.id}/original`)).status).toBe(302);

    const next = await uploadFixture(user, "camera/Kodak_CX7530.jpg");
    expect((await waitForSettled(user, next.body.photo.id)).status).toBe("ready");
  });

  it("answers before the thumbnails of a large photo exist", async () => {
    const other = await createUser();
    const { response, body } = await uploadFixture(other, "heic/IMG_5195.HEIC");
    expect(response.status).toBe(201);
    const { objectKeys } = await import("@/lib/storage");
    const { db } = await import("@/lib/db");
    const { userId } = await db.photo.findUniqueOrThrow({ where: { id: body.photo.id } });
    expect(await objectExists(objectKeys.original(userId, body.photo.id))).toBe(true);
    const { THUMBNAIL_VERSION } = await import("@/lib/photos/render-thumbnails");
    const large = objectKeys.thumbnail(userId, body.photo.id, "large", THUMBNAIL_VERSION);
    expect(await objectExists(large)).toBe(false);
    expect((await waitForSettled(other, body.photo.id)).status).toBe("ready");
    expect(await objectExists(large)).toBe(true);
  });
});

describe("ownership and deletion", () => {
  it("hides a photo from every other user with 404", async () => {
    const [owner, stranger] = await Promise.all([createUser(), createUser()]);
    const { body } = await uploadFixture(owner, "camera/Sony_HDR-HC3.jpg");
    const id = body.photo.id;
    await expectError(await api(stranger, `/api/v1/photos/${id}`), 404, "not_found");
    await expectError(await api(stranger, `/api/v1/photos/${id}/original`), 404, "not_found");
    await expectError(await api(stranger, `/api/v1/photos/${id}`, { method: "DELETE" }), 404, "not_found");
    await expectError(await api(stranger, "/api/v1/photos/not-a-uuid"), 404);
    const check = await api(stranger, "/api/v1/photos/check", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ sha256: [body.photo.sha256] }),
    });
    expect(await check.json()).toEqual({ existing: [] });
    const list = (await (await api(stranger, "/api/v1/photos")).json()) as { photos: Photo[] };
    expect(list.photos).toEqual([]);
    // The stranger's upload of the same bytes is their own new photo, not a duplicate.
    expect((await uploadFixture(stranger, "camera/Sony_HDR-HC3.jpg")).response.status).toBe(201);
    expect((await api(owner, `/api/v1/photos/${id}`)).status).toBe(200);
  });

  it("moves a deleted photo to the trash, and emptying the trash deletes the row and every stored object", async () => {
    const user = await createUser();
    const { body } = await uploadFixture(user, "camera/Panasonic_DMC-FZ30.jpg");
    await waitForSettled(user, body.photo.id);
    const { db } = await import("@/lib/db");
    const { photoObjectKeys } = await import("@/lib/photos/delete-photo");
    const { userId } = await db.photo.findUniqueOrThrow({ where: { id: body.photo.id } });
    const keys = await photoObjectKeys(userId, body.photo.id);
    expect(keys).toHaveLength(4); // the original and three thumbnails
    for (const key of keys) expect(await objectExists(key), key).toBe(true);

    const response = await api(user, `/api/v1/photos/${body.photo.id}`, { method: "DELETE" });
    expect(response.status).toBe(204);
    await expectError(await api(user, `/api/v1/photos/${body.photo.id}`), 404);
    await expectError(await api(user, `/api/v1/photos/${body.photo.id}`, { method: "DELETE" }), 404);
    for (const key of keys) expect(await objectExists(key), `${key} kept while in the trash`).toBe(true);

    const emptied = await api(user, "/api/v1/trash/empty", { method: "POST", body: JSON.stringify({ ids: [body.photo.id] }) });
    expect(await emptied.json()).toEqual({ deleted: 1 });
    expect(await db.photo.findUnique({ where: { id: body.photo.id } })).toBeNull();
    await expect.poll(async () => (await Promise.all(keys.map(objectExists))).some(Boolean), { timeout: 15_000 }).toBe(false);
    // Deleted bytes can be uploaded again as a new photo.
    expect((await uploadFixture(user, "camera/Panasonic_DMC-FZ30.jpg")).response.status).toBe(201);
  });
});

describe("list and health", () => {
  it("validates list parameters", async () => {
    const user = await createUser();
    await expectError(await api(user, "/api/v1/photos?limit=0"), 400);
    await expectError(await api(user, "/api/v1/photos?limit=501"), 400);
    await expectError(await api(user, "/api/v1/photos?cursor=garbage"), 400);
  });

  it("reports every dependency healthy", async () => {
    const response = await api(null, "/api/health");
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ status: "ok", checks: { database: "ok", redis: "ok", storage: "ok" } });
  });
});

