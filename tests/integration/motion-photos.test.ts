import { createHash } from "node:crypto";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { probeVideo } from "@/lib/photos/probe-video";
import { listObjects, objectKeys } from "@/lib/storage";
import { api, createUser, uploadFixture, waitForSettled } from "@/tests/support/api";
import { motionFixturePath } from "@/tests/support/fixtures";

const sha256 = (bytes: Buffer) => createHash("sha256").update(bytes).digest("hex");

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
    const stored: string[] = [];
    for await (const { key } of listObjects(objectKeys.thumbnailPrefix(row.userId, row.id))) stored.push(key);
    expect(stored.filter((key) => key.endsWith(".mp4"))).toEqual([]);
  });
});
