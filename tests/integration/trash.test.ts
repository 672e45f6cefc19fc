import { createHash } from "node:crypto";
import { readFile } from "node:fs/promises";
import * as tus from "tus-js-client";
import { describe, expect, it } from "vitest";
import type { MonthBucket, Photo, PhotoPage, UploadResult } from "@/lib/contract/photos";
import type { TrashPage } from "@/lib/contract/trash";
import { db } from "@/lib/db";
import { cleanOrphans } from "@/lib/photos/clean-orphans";
import { purgeTrash } from "@/lib/photos/purge-trash";
import { photoQueue } from "@/lib/queue";
import { listObjects, objectKeys } from "@/lib/storage";
import { api, baseUrl, createUser, expectError, fixturePath, upload, uploadFixture, waitForSettled, type TestUser } from "@/tests/support/api";

const DAY_MS = 24 * 60 * 60_000;
const FIXTURES = ["camera/Canon_40D.jpg", "camera/Nikon_D70.jpg", "camera/Pentax_K10D.jpg"];

const json = (body: unknown): RequestInit => ({ method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) });
const trashPhoto = async (user: TestUser, id: string) => expect((await api(user, `/api/v1/photos/${id}`, { method: "DELETE" })).status).toBe(204);
const restore = async (user: TestUser, ids: string[]) => (await api(user, "/api/v1/trash/restore", json({ ids }))).json();
const emptyTrash = async (user: TestUser, body?: unknown) =>
  (await api(user, "/api/v1/trash/empty", body === undefined ? { method: "POST" } : json(body))).json();
const libraryIds = async (user: TestUser) => ((await (await api(user, "/api/v1/photos")).json()) as PhotoPage).photos.map((photo) => photo.id);
const buckets = async (user: TestUser) => ((await (await api(user, "/api/v1/photos/buckets")).json()) as { buckets: MonthBucket[] }).buckets;
const trash = async (user: TestUser, query = "") => (await (await api(user, `/api/v1/trash${query}`)).json()) as TrashPage;
const existing = async (user: TestUser, hashes: string[]) =>
  ((await (await api(user, "/api/v1/photos/check", json({ sha256: hashes }))).json()) as { existing: string[] }).existing;
const userIdOf = async (user: TestUser) => (await db.user.findUniqueOrThrow({ where: { email: user.email } })).id;
const sha256 = (bytes: Buffer) => createHash("sha256").update(bytes).digest("hex");

async function libraryOf(count: number) {
  const user = await createUser();
  const photos: Photo[] = [];
  for (const name of FIXTURES.slice(0, count)) photos.push(await waitForSettled(user, (await uploadFixture(user, name)).body.photo.id));
  return { user, photos };
}

/** The photo's original and thumbnails that are in the store. */
async function storedKeys(userId: string, photoId: string): Promise<string[]> {
  const keys: string[] = [];
  for (const prefix of [objectKeys.original(userId, photoId), objectKeys.thumbnailPrefix(userId, photoId)]) {
    for await (const { key } of listObjects(prefix)) keys.push(key);
  }
  return keys;
}

const allObjectsExist = async (userId: string, photoId: string) => (await storedKeys(userId, photoId)).length === 4;

describe("the trash", () => {
  it("takes a deleted photo out of the list, the buckets, /check and the photo's own route, keeping its objects", async () => {
    const { user, photos } = await libraryOf(2);
    const [kept, deleted] = photos as [Photo, Photo];
    const bucketsBefore = await buckets(user);
    await trashPhoto(user, deleted.id);

    expect(await libraryIds(user)).toEqual([kept.id]);
    expect((await buckets(user)).reduce((sum, bucket) => sum + bucket.count, 0)).toBe(1);
    expect(bucketsBefore.reduce((sum, bucket) => sum + bucket.count, 0)).toBe(2);
    expect(await existing(user, [kept.sha256, deleted.sha256])).toEqual([kept.sha256]);
    await expectError(await api(user, `/api/v1/photos/${deleted.id}`), 404, "not_found");
    await expectError(await api(user, `/api/v1/photos/${deleted.id}/original`), 404, "not_found");
    await expectError(await api(user, `/api/v1/photos/${deleted.id}`, { method: "DELETE" }), 404, "not_found");
    expect(await allObjectsExist(await userIdOf(user), deleted.id)).toBe(true);

    const { photos: trashed, nextCursor } = await trash(user);
    expect(nextCursor).toBeNull();
    expect(trashed).toHaveLength(1);
    expect(trashed[0]).toMatchObject({ id: deleted.id, sha256: deleted.sha256, takenAt: deleted.takenAt, status: "ready" });
    expect(trashed[0]!.thumbnails?.small).toMatch(/^http/);
    const trashedAt = Date.parse(trashed[0]!.trashedAt);
    expect(Math.abs(trashedAt - Date.now())).toBeLessThan(60_000);
    expect(Date.parse(trashed[0]!.purgeAt) - trashedAt).toBe(30 * DAY_MS);
  });

  it("lists newest deleted first, a page at a time with a keyset cursor", async () => {
    const { user, photos } = await libraryOf(3);
    for (const photo of photos) await trashPhoto(user, photo.id);
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page: TrashPage = await trash(user, `?limit=2${cursor ? `&cursor=${cursor}` : ""}`);
      seen.push(...page.photos.map((photo) => photo.id));
      cursor = page.nextCursor;
    } while (cursor);
    expect(seen).toEqual(photos.map((photo) => photo.id).reverse());
  });

  it("restores photos exactly as they were: same id, same place in the grid, in /check again", async () => {
    const { user, photos } = await libraryOf(3);
    const before = await libraryIds(user);
    const bucketsBefore = await buckets(user);
    const [first, second] = photos as [Photo, Photo, Photo];
    await trashPhoto(user, first.id);
    await trashPhoto(user, second.id);
    expect(await libraryIds(user)).toHaveLength(1);

    expect(await restore(user, [first.id, second.id, first.id])).toEqual({ restored: 2 });
    expect(await libraryIds(user)).toEqual(before);
    expect(await buckets(user)).toEqual(bucketsBefore);
    expect((await existing(user, [first.sha256, second.sha256])).sort()).toEqual([first.sha256, second.sha256].sort());
    expect((await (await api(user, `/api/v1/photos/${first.id}`)).json()).photo).toMatchObject({ id: first.id, takenAt: first.takenAt, status: "ready" });
    expect((await trash(user)).photos).toEqual([]);
    // Restoring again, or a photo that is in the library, changes nothing.
    expect(await restore(user, [first.id])).toEqual({ restored: 0 });
  });

  it("empties chosen photos or the whole trash for good: rows and every stored object", async () => {
    const { user, photos } = await libraryOf(3);
    const userId = await userIdOf(user);
    const [kept, chosen, rest] = photos as [Photo, Photo, Photo];
    for (const photo of [chosen, rest]) await trashPhoto(user, photo.id);

    // Only trashed photos are deleted for good: the one in the library is left alone.
    expect(await emptyTrash(user, { ids: [chosen.id, kept.id] })).toEqual({ deleted: 1 });
    expect((await trash(user)).photos.map((photo) => photo.id)).toEqual([rest.id]);
    await expect.poll(() => storedKeys(userId, chosen.id), { timeout: 15_000 }).toEqual([]);
    expect(await db.photo.findUnique({ where: { id: chosen.id } })).toBeNull();
    expect(await allObjectsExist(userId, rest.id)).toBe(true);

    expect(await emptyTrash(user)).toEqual({ deleted: 1 });
    expect((await trash(user)).photos).toEqual([]);
    expect(await libraryIds(user)).toEqual([kept.id]);
    expect(await allObjectsExist(userId, kept.id)).toBe(true);
    await expect.poll(() => storedKeys(userId, rest.id), { timeout: 15_000 }).toEqual([]);
  });

  it("lets no one list, restore or empty another user's trash", async () => {
    const { user: owner, photos } = await libraryOf(1);
    const photo = photos[0]!;
    await trashPhoto(owner, photo.id);
    const stranger = await createUser();

    expect((await trash(stranger)).photos).toEqual([]);
    expect(await restore(stranger, [photo.id])).toEqual({ restored: 0 });
    expect(await emptyTrash(stranger, { ids: [photo.id] })).toEqual({ deleted: 0 });
    expect(await emptyTrash(stranger)).toEqual({ deleted: 0 });
    await expectError(await api(stranger, `/api/v1/photos/${photo.id}`, { method: "DELETE" }), 404, "not_found");
    expect((await trash(owner)).photos.map((trashed) => trashed.id)).toEqual([photo.id]);
    expect(await allObjectsExist(await userIdOf(owner), photo.id)).toBe(true);
    await expectError(await api(null, "/api/v1/trash"), 401, "unauthorized");
    await expectError(await api(null, "/api/v1/trash/restore", json({ ids: [photo.id] })), 401, "unauthorized");
  });

  it("answers bad input with a 400 that changes nothing", async () => {
    const { user, photos } = await libraryOf(1);
    const photo = photos[0]!;
    await trashPhoto(user, photo.id);
    const tooMany = Array.from({ length: 1001 }, () => crypto.randomUUID());
    for (const body of [{}, { ids: [] }, { ids: ["not-a-uuid"] }, { ids: photo.id }, { ids: tooMany }]) {
      await expectError(await api(user, "/api/v1/trash/restore", json(body)), 400, "bad_request");
    }
    for (const body of [{ ids: [] }, { ids: ["not-a-uuid"] }, { ids: tooMany }, ["x"]]) {
      await expectError(await api(user, "/api/v1/trash/empty", json(body)), 400, "bad_request");
    }
    await expectError(await api(user, "/api/v1/trash/restore", { method: "POST", body: "{not json" }), 400, "bad_request");
    await expectError(await api(user, "/api/v1/trash/empty", { method: "POST", body: "{not json" }), 400, "bad_request");
    await expectError(await api(user, "/api/v1/trash?limit=0"), 400, "bad_request");
    await expectError(await api(user, "/api/v1/trash?cursor=garbage"), 400, "bad_request");
    expect((await trash(user)).photos.map((trashed) => trashed.id)).toEqual([photo.id]);
    expect(await libraryIds(user)).toEqual([]);
  });

  it("restores a trashed photo whose bytes are uploaded again, whichever way they come", async () => {
    const { user, photos } = await libraryOf(1);
    const photo = photos[0]!;
    const bytes = await readFile(fixturePath(FIXTURES[0]!));
    const onlyOriginal = async () => {
      const userId = await userIdOf(user);
      expect(await db.photo.count({ where: { userId } })).toBe(1);
    };

    await trashPhoto(user, photo.id);
    const plain = await upload(user, bytes, { filename: "again.jpg" });
    expect(plain.status).toBe(200);
    expect(((await plain.json()) as UploadResult)).toMatchObject({ duplicate: true, photo: { id: photo.id } });
    expect(await libraryIds(user)).toEqual([photo.id]);
    expect((await trash(user)).photos).toEqual([]);
    await onlyOriginal();

    await trashPhoto(user, photo.id);
    const streamed = await upload(user, bytes, { filename: "again.jpg", fields: { size: String(bytes.length), sha256: sha256(bytes) } });
    expect(streamed.status).toBe(200);
    expect(((await streamed.json()) as UploadResult)).toMatchObject({ duplicate: true, photo: { id: photo.id } });
    expect(await libraryIds(user)).toEqual([photo.id]);
    await onlyOriginal();

    await trashPhoto(user, photo.id);
    const resumable = await new Promise<string>((resolve, reject) => {
      new tus.Upload(bytes, {
        endpoint: `${baseUrl()}/api/v1/uploads`,
        headers: { authorization: `Bearer ${user.token}` },
        metadata: { filename: "again.jpg" },
        retryDelays: [],
        onSuccess: ({ lastResponse }) => resolve(lastResponse.getBody()),
        onError: reject,
      }).start();
    });
    expect(JSON.parse(resumable)).toMatchObject({ duplicate: true, photo: { id: photo.id } });
    expect(await libraryIds(user)).toEqual([photo.id]);
    await onlyOriginal();
    expect(await allObjectsExist(await userIdOf(user), photo.id)).toBe(true);
  });

  it("is never taken for orphans by the nightly cleanup", async () => {
    const { user, photos } = await libraryOf(1);
    const photo = photos[0]!;
    const userId = await userIdOf(user);
    await trashPhoto(user, photo.id);
    const result = await cleanOrphans({ now: new Date(Date.now() + 2 * DAY_MS), userId });
    expect(result).toEqual({ deletedObjects: 0, missingOriginals: 0 });
    expect(await allObjectsExist(userId, photo.id)).toBe(true);
    expect((await trash(user)).photos[0]).toMatchObject({ id: photo.id, status: "ready" });
  });

  it("is purged nightly of what has been in it longer than TRASH_DAYS, once cluster-wide, counted in a metric", async () => {
    const { user, photos } = await libraryOf(3);
    const userId = await userIdOf(user);
    const [old, recent, restored] = photos as [Photo, Photo, Photo];
    for (const photo of photos) await trashPhoto(user, photo.id);
    expect(await restore(user, [restored.id])).toEqual({ restored: 1 });
    const now = Date.now();
    await db.photo.update({ where: { id: old.id }, data: { trashedAt: new Date(now - 30 * DAY_MS - 60_000) } });
    await db.photo.update({ where: { id: recent.id }, data: { trashedAt: new Date(now - 29 * DAY_MS) } });

    const { deleted } = await purgeTrash({ now: new Date(now) });
    expect(deleted).toBeGreaterThanOrEqual(1);
    expect(await db.photo.findUnique({ where: { id: old.id } })).toBeNull();
    expect((await trash(user)).photos.map((photo) => photo.id)).toEqual([recent.id]);
    expect(await libraryIds(user)).toEqual([restored.id]);
    await expect.poll(() => storedKeys(userId, old.id), { timeout: 15_000 }).toEqual([]);
    expect(await allObjectsExist(userId, recent.id)).toBe(true);

    const scheduler = await photoQueue().getJobScheduler("purge-trash");
    expect(scheduler).toMatchObject({ name: "purge-trash", pattern: "30 5 * * *", tz: "UTC" });
    const metrics = await (await fetch(`${baseUrl()}/api/metrics`, { headers: { authorization: `Bearer ${process.env.METRICS_TOKEN}` } })).text();
    expect(metrics).toMatch(/photo_backup_trash_deleted_total\{reason="expired"\} [1-9]/);
  });
});
