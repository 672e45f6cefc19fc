import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { endExiftool, readMediaTags } from "@/lib/photos/exiftool";
import { extractMotionClip, isMotionPhoto, motionClipExtent } from "@/lib/photos/motion-photo";
import { probeVideo } from "@/lib/photos/probe-video";
import { fixturePath, liveFixturePath, motionFixturePath } from "@/tests/support/fixtures";

let workDir: string;
beforeAll(async () => {
  workDir = await mkdtemp(path.join(tmpdir(), "motion-photo-"));
});
afterAll(async () => {
  await endExiftool();
  await rm(workDir, { recursive: true, force: true });
});

describe("motionClipExtent", () => {
  const directory = (item: object) => [{ Item: { Semantic: "Primary", Length: 0, Padding: 0 } }, { Item: { Semantic: "MotionPhoto", ...item } }];

  it("takes the Container directory's MotionPhoto item, its length then its padding", () => {
    expect(motionClipExtent({ ContainerDirectory: directory({ Length: 10_324, Padding: 8 }) as never })).toEqual({ length: 10_324, padding: 8 });
    expect(motionClipExtent({ ContainerDirectory: directory({ Length: "4000" }) as never })).toEqual({ length: 4000, padding: 0 });
  });

  it("else GCamera:MicroVideoOffset, the clip running to the end", () => {
    expect(motionClipExtent({ MicroVideoOffset: 10_956 })).toEqual({ length: 10_956, padding: 0 });
  });

  it("finds none in a photo without them, or with nonsense lengths", () => {
    expect(motionClipExtent({})).toBeNull();
    expect(motionClipExtent({ ContainerDirectory: directory({ Length: -5 }) as never })).toBeNull();
    expect(motionClipExtent({ MicroVideoOffset: "lots" as never })).toBeNull();
  });
});

describe("extractMotionClip", () => {
  it.each([
    ["PXL_MOTION.jpg", "h264"],
    ["MVIMG_HEVC.jpg", "hevc"],
    ["SAMSUNG_MOTION.jpg", "h264"],
  ])("copies %s's clip out whole", async (name, codec) => {
    const tags = await readMediaTags(motionFixturePath(name));
    expect(isMotionPhoto(tags)).toBe(true);
    const clip = path.join(workDir, `${name}.mp4`);
    await extractMotionClip(motionFixturePath(name), tags, clip);
    expect(await probeVideo(clip)).toMatchObject({ videoCodec: codec, audioCodec: "aac", durationMs: 1000, width: 160, height: 120 });
  });

  it("finds Samsung's clip in its trailer, where ExifTool reads it (no XMP describes it)", async () => {
    const tags = await readMediaTags(motionFixturePath("SAMSUNG_MOTION.jpg"));
    expect(tags).toMatchObject({ EmbeddedVideoType: "MotionPhoto_Data" });
    expect(motionClipExtent(tags)).toBeNull();
  });

  it("refuses a clip that is no MP4, or an extent beyond the file", async () => {
    const broken = motionFixturePath("BROKEN_MOTION.jpg");
    const tags = await readMediaTags(broken);
    await expect(extractMotionClip(broken, tags, path.join(workDir, "broken.mp4"))).rejects.toThrow(/no MP4/);
    await expect(extractMotionClip(broken, { ...tags, ContainerDirectory: undefined, MicroVideoOffset: 10_000_000 }, path.join(workDir, "far.mp4"))).rejects.toThrow(
      /outside/,
    );
  });

  it("sees no Motion Photo in a plain photo or a Live Photo's still", async () => {
    for (const file of [fixturePath("camera/Canon_40D.jpg"), fixturePath("heic/IMG_5195.HEIC"), liveFixturePath("IMG_0001.JPG")]) {
      expect(isMotionPhoto(await readMediaTags(file)), file).toBe(false);
    }
  });
});
