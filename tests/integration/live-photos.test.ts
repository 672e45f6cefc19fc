import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import type { Photo, PhotoPage } from "@/lib/contract/photos";
import type { TrashPage } from "@/lib/contract/trash";
import { db } from "@/lib/db";
import { endExiftool } from "@/lib/photos/exiftool";
import { generateThumbnails } from "@/lib/photos/generate-thumbnails";
import { pairLivePhoto } from "@/lib/photos/photo-repository";
import { purgeTrash } from "@/lib/photos/purge-trash";
import { probeVideo } from "@/lib/photos/probe-video";
import { api, createUser, fixturePath, uploadFixture, waitForSettled, type TestUser } from "@/tests/support/api";
import { liveFixturePath } from "@/tests/support/fixtures";

const DAY_MS = 24 * 60 * 60_000;
const HEIC_STILL = fixturePath("heic/IMG_5195.HEIC");
const HEIC_CLIP = liveFixturePath("IMG_5195.MOV");
const JPEG_STILL = liveFixturePath("IMG_0001.JPG");
const JPEG_CLIP = liveFixturePath("IMG_0001.MOV");

afterAll(endExiftool);

const json = (body: unknown): RequestInit => ({ method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) });
const grid = async (user: TestUser) => ((await (await api(user, "/api/v1/photos")).json()) as PhotoPage).photos;
const trashList = async (user: TestUser) => ((await (await api(user, "/api/v1/trash")).json()) as TrashPage).photos;
const uploadAll = async (user: TestUser, files: string[]) => Promise.all(files.map(async (file) => (await uploadFixture(user, file)).body.photo.id));
const settleAll = (user: TestUser, ids: string[]) => Promise.all(ids.map((id) => waitForSettled(user, id, 90_000)));
const rowsOf = (ids: string[]) => db.photo.findMany({ where: { id: { in: ids } }, orderBy: { kind: "asc" } });

/** Whichever job finishes second pairs, just after marking its row ready: the grid settles a moment later. */
async function pairedGrid(user: TestUser, stillId: string): Promise<Photo[]> {
  await expect.poll(async () => (await grid(user)).map((photo) => [photo.id, photo.motion !== null]), { timeout: 30_000 }).toEqual([[stillId, true]]);
  return grid(user);
}

/** The clip a URL serves, probed as a browser would get it. */
async function probeUrl(url: string) {
  const dir = await mkdtemp(path.join(tmpdir(), "live-photo-"));
  try {
    const response = await fetch(url);
    expect(response.status).toBe(200);
    const file = path.join(dir, "motion");
    await writeFile(file, Buffer.from(await response.arrayBuffer()));
    return await probeVideo(file);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

describe("Live Photos", () => {
  it("pair a HEIC still and its MOV sent together: one item whose motion plays as H.264/AAC MP4, the MOV no tile", async () => {
    const user = await createUser();
    const [stillId, clipId] = await uploadAll(user, [HEIC_STILL, HEIC_CLIP]);
    await settleAll(user, [stillId!, clipId!]);

    const [item] = await pairedGrid(user, stillId!);
    expect(item).toMatchObject({ kind: "photo", status: "ready" });
    expect(await probeUrl(item!.motion!)).toMatchObject({ videoCodec: "h264", pixelFormat: "yuv420p", audioCodec: "aac", formatName: expect.stringContaining("mp4") });
    const [still, clip] = await rowsOf([stillId!, clipId!]);
    expect(still).toMatchObject({ contentIdentifier: "570F1469-09C7-4E50-9875-05F21D5BD166", motionKey: clip!.playbackKey });
    expect(clip).toMatchObject({ kind: "video", stillId, contentIdentifier: "570F1469-09C7-4E50-9875-05F21D5BD166" });
    // Pairing again (a job retried, a thumbnail remake) changes nothing; both sides pairing at once pair once.
    await pairLivePhoto(still!.userId, still!.contentIdentifier!);
    expect(await rowsOf([stillId!, clipId!])).toEqual([still, clip]);
    await db.photo.update({ where: { id: clipId }, data: { stillId: null } });
    await db.photo.update({ where: { id: stillId }, data: { motionKey: null } });
    await Promise.all(Array.from({ length: 4 }, () => pairLivePhoto(still!.userId, still!.contentIdentifier!)));
    expect(await rowsOf([stillId!, clipId!])).toEqual([still, clip]);
    // The still's thumbnails made again (new sizes) leave its clip's motion alone.
    expect(await generateThumbnails(stillId!)).toBe(true);
    expect((await rowsOf([stillId!]))[0]!.motionKey).toBe(clip!.playbackKey);
    expect(await probeUrl((await pairedGrid(user, stillId!))[0]!.motion!)).toMatchObject({ videoCodec: "h264" });
    expect(((await (await api(user, "/api/v1/photos/buckets")).json()) as { buckets: { count: number }[] }).buckets).toEqual([
      expect.objectContaining({ count: 1 }),
    ]);
  });

  it("pair whichever arrives first: the MOV before the JPEG still, in one session", async () => {
    const user = await createUser();
    const [clipId] = await uploadAll(user, [JPEG_CLIP]);
    const [stillId] = await uploadAll(user, [JPEG_STILL]);
    await settleAll(user, [clipId!, stillId!]);
    await pairedGrid(user, stillId!);
    expect((await rowsOf([clipId!]))[0]!.stillId).toBe(stillId);
  });

  it("pair across separate uploads days apart, in both orders, once the first is ready", async () => {
    const clipFirst = await createUser();
    const [clipId] = await uploadAll(clipFirst, [HEIC_CLIP]);
    await settleAll(clipFirst, [clipId!]);
    expect((await grid(clipFirst)).map((photo) => [photo.id, photo.kind])).toEqual([[clipId, "video"]]);
    const [stillId] = await uploadAll(clipFirst, [HEIC_STILL]);
    await settleAll(clipFirst, [stillId!]);
    await pairedGrid(clipFirst, stillId!);

    const stillFirst = await createUser();
    const [laterStillId] = await uploadAll(stillFirst, [JPEG_STILL]);
    expect((await settleAll(stillFirst, [laterStillId!]))[0]!.motion).toBeNull();
    const [laterClipId] = await uploadAll(stillFirst, [JPEG_CLIP]);
    await settleAll(stillFirst, [laterClipId!]);
    await pairedGrid(stillFirst, laterStillId!);
  });

  it("never pair one user's still with another user's clip of the same identifier", async () => {
    const owner = await createUser();
    const other = await createUser();
    const [stillId] = await uploadAll(owner, [HEIC_STILL]);
    const [clipId] = await uploadAll(other, [HEIC_CLIP]);
    await Promise.all([settleAll(owner, [stillId!]), settleAll(other, [clipId!])]);
    expect((await rowsOf([clipId!]))[0]!.stillId).toBeNull();
    expect((await grid(owner)).map((photo) => [photo.id, photo.motion])).toEqual([[stillId, null]]);
    expect((await grid(other)).map((photo) => photo.id)).toEqual([clipId]);
  });

  it("trash, restore, empty the trash and purge a still with its clip, whichever is named", async () => {
    const user = await createUser();
    const [stillId, clipId] = await uploadAll(user, [JPEG_STILL, JPEG_CLIP]);
    await settleAll(user, [stillId!, clipId!]);
    await pairedGrid(user, stillId!);
    const trashedAt = async () => (await rowsOf([stillId!, clipId!])).map((row) => row.trashedAt !== null);

    expect((await api(user, `/api/v1/photos/${stillId}`, { method: "DELETE" })).status).toBe(204);
    expect(await trashedAt()).toEqual([true, true]);
    expect((await trashList(user)).map((photo) => photo.id)).toEqual([stillId]);
    expect(await grid(user)).toEqual([]);

    expect(await (await api(user, "/api/v1/trash/restore", json({ ids: [stillId] }))).json()).toEqual({ restored: 1 });
    expect(await trashedAt()).toEqual([false, false]);
    await pairedGrid(user, stillId!);

    // The clip named (an API client may know its id): the still follows.
    expect((await api(user, `/api/v1/photos/${clipId}`, { method: "DELETE" })).status).toBe(204);
    expect(await trashedAt()).toEqual([true, true]);
    expect(await (await api(user, "/api/v1/trash/empty", json({ ids: [stillId] }))).json()).toMatchObject({ deleted: 1 });
    expect(await rowsOf([stillId!, clipId!])).toEqual([]);

    const again = await createUser();
    const [secondStill, secondClip] = await uploadAll(again, [HEIC_STILL, HEIC_CLIP]);
    await settleAll(again, [secondStill!, secondClip!]);
    await pairedGrid(again, secondStill!);
    expect((await api(again, `/api/v1/photos/${secondStill}`, { method: "DELETE" })).status).toBe(204);
    await db.photo.updateMany({ where: { id: { in: [secondStill!, secondClip!] } }, data: { trashedAt: new Date(Date.now() - 31 * DAY_MS) } });
    await purgeTrash();
    expect(await rowsOf([secondStill!, secondClip!])).toEqual([]);
  });
});
