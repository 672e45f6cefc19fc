import { createHash } from "node:crypto";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { endExiftool } from "@/lib/photos/exiftool";
import { generateThumbnails } from "@/lib/photos/generate-thumbnails";
import { probeVideo } from "@/lib/photos/probe-video";
import { THUMBNAIL_VERSION } from "@/lib/photos/render-thumbnails";
import { copyObject, deleteObjects, listObjects, objectKeys } from "@/lib/storage";
import { api, createUser, uploadFixture, waitForSettled } from "@/tests/support/api";
import { motionFixturePath } from "@/tests/support/fixtures";

const sha256 = (bytes: Buffer) => createHash("sha256").update(bytes).digest("hex");

afterAll(endExiftool);

const keysUnder = async (prefix: string) => {
  const keys: string[] = [];
  for await (const { key } of listObjects(prefix)) keys.push(key);
  return keys.sort();
};

async function probeUrl(url: string) {
  const dir = await mkdtemp(path.join(tmpdir(), "motion-photo-"));
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

describe("Motion Photos", () => {
  it.each(["PXL_MOTION.jpg", "MVIMG_HEVC.jpg", "SAMSUNG_MOTION.jpg"])(
    "%s: one photo whose motion plays as H.264/AAC MP4, stored beside its thumbnails, the original kept byte for byte",
    async (name) => {
      const user = await createUser();
      const bytes = await readFile(motionFixturePath(name));
      const photo = await waitForSettled(user, (await uploadFixture(user, motionFixturePath(name))).body.photo.id, 90_000);
      expect(photo).toMatchObject({ status: "ready", kind: "photo", width: 320, height: 240 });
      expect(photo.motion).toEqual(expect.any(String));
      expect(await probeUrl(photo.motion!)).toMatchObject({ videoCodec: "h264", audioCodec: "aac", durationMs: expect.closeTo(1000, -2), formatName: expect.stringContaining("mp4") });

      const row = await db.photo.findUniqueOrThrow({ where: { id: photo.id } });
      expect(row.motionKey).toMatch(new RegExp(`^${objectKeys.thumbnailPrefix(row.userId, row.id)}v\\d+/motion\\.mp4$`));
      const original = await fetch(((await (await api(user, `/api/v1/photos/${photo.id}/original`, { headers: { accept: "application/json" } })).json()) as { url: string }).url);
      expect(sha256(Buffer.from(await original.arrayBuffer()))).toBe(sha256(bytes));
    },
  );

  it("keeps a Motion Photo whose clip is broken as a still, thumbnails and all", async () => {
    const user = await createUser();
    const photo = await waitForSettled(user, (await uploadFixture(user, motionFixturePath("BROKEN_MOTION.jpg"))).body.photo.id);
    expect(photo).toMatchObject({ status: "ready", motion: null, thumbnails: { small: expect.any(String), large: expect.any(String) } });
    const row = await db.photo.findUniqueOrThrow({ where: { id: photo.id } });
    expect((await keysUnder(objectKeys.thumbnailPrefix(row.userId, row.id))).filter((key) => key.endsWith(".mp4"))).toEqual([]);
  });

  it("get their clip made again with new thumbnail sizes, the old one deleted; one that no longer plays loses its motion", async () => {
    const user = await createUser();
    const ids = await Promise.all(["PXL_MOTION.jpg", "BROKEN_MOTION.jpg"].map(async (name) => (await uploadFixture(user, motionFixturePath(name))).body.photo.id));
    await Promise.all(ids.map((id) => waitForSettled(user, id, 90_000)));
    const [playing, broken] = await Promise.all(ids.map((id) => db.photo.findUniqueOrThrow({ where: { id } })));
    // As if both had been made by version 0 (the broken one with a clip that then played).
    for (const row of [playing!, broken!]) {
      const legacyKey = objectKeys.motion(row.userId, row.id, 0);
      await copyObject(playing!.motionKey!, legacyKey, "video/mp4");
      await db.photo.update({ where: { id: row.id }, data: { thumbnailVersion: 0, motionKey: legacyKey } });
    }
    await deleteObjects([playing!.motionKey!]);

    for (const row of [playing!, broken!]) expect(await generateThumbnails(row.id)).toBe(true);

    const remade = await db.photo.findUniqueOrThrow({ where: { id: playing!.id } });
    expect(remade.motionKey).toBe(objectKeys.motion(remade.userId, remade.id, THUMBNAIL_VERSION));
    expect(await keysUnder(objectKeys.thumbnailPrefix(remade.userId, remade.id))).toEqual(
      [...Object.values(remade.thumbnailKeys as Record<string, string>), remade.motionKey!].sort(),
    );
    const brokenRemade = await db.photo.findUniqueOrThrow({ where: { id: broken!.id } });
    expect(brokenRemade.motionKey).toBeNull();
    expect((await keysUnder(objectKeys.thumbnailPrefix(brokenRemade.userId, brokenRemade.id))).filter((key) => key.endsWith(".mp4"))).toEqual([]);
  });
});
