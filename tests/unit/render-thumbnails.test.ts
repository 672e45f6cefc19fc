import sharp from "sharp";
import { describe, expect, it } from "vitest";
import { heicDecoder, MAX_HEIC_PIXELS, type HeicDecoder } from "@/lib/photos/decode-heic";
import { MAX_INPUT_PIXELS, renderThumbnails, THUMBNAIL_VERSION, thumbnailSpecs, UndecodableImageError } from "@/lib/photos/render-thumbnails";
import { fixturePath, heicDeclaring } from "@/tests/support/fixtures";
import { mkdtemp, readFile, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";

describe("renderThumbnails", () => {
  it("decodes an iPhone HEIC (HEVC) upright, with dimensions as displayed", async () => {
    const rendered = await renderThumbnails(fixturePath("heic/IMG_5195.HEIC"));
    expect([rendered.width, rendered.height]).toEqual([2566, 3313]);
    const large = await sharp(rendered.webp.large).metadata();
    expect([large.width, large.height]).toEqual([1586, 2048]);
  }, 30_000);

  it("resizes a decoded HEIC once to what every size needs: a panorama's small thumbnail still has a 256 px short edge", async () => {
    const panorama: HeicDecoder = {
      decoder: "wasm",
      decode: async () => ({
        width: 6000,
        height: 600,
        decoder: "wasm",
        image: sharp({ create: { width: 6000, height: 600, channels: 3, background: "#369" } }),
      }),
    };
    const rendered = await renderThumbnails(fixturePath("heic/samplefilehub.heif"), { heic: panorama });
    const sizes = await Promise.all(Object.values(rendered.webp).map(async (webp) => (({ width, height }) => [width, height])(await sharp(webp).metadata())));
    expect(sizes).toEqual([
      [2560, 256],
      [1080, 108],
      [2048, 205],
    ]);
  });

  it("never upscales a small camera JPEG", async () => {
    const rendered = await renderThumbnails(fixturePath("camera/Canon_40D.jpg"));
    for (const image of Object.values(rendered.webp)) {
      const { width, height } = await sharp(image).metadata();
      expect(width).toBeLessThanOrEqual(rendered.width);
      expect(height).toBeLessThanOrEqual(rendered.height);
    }
  });

  it("refuses a truncated JPEG as undecodable", async () => {
    await expect(renderThumbnails(fixturePath("broken/corrupted.jpg"))).rejects.toBeInstanceOf(UndecodableImageError);
  });

  it("refuses a decompression bomb before decoding it", async () => {
    const side = Math.ceil(Math.sqrt(MAX_INPUT_PIXELS)) + 100;
    // A PNG header claiming side×side pixels: tiny on disk, enormous decoded.
    const bomb = await sharp({ create: { width: 1, height: 1, channels: 3, background: "#fff" } }).png().toBuffer();
    bomb.writeUInt32BE(side, 16);
    bomb.writeUInt32BE(side, 20);
    const file = path.join(await mkdtemp(path.join(tmpdir(), "bomb-")), "bomb.png");
    await writeFile(file, bomb);
    await expect(renderThumbnails(file)).rejects.toThrow(/pixel|limit|decode/i);
  });
});

describe("renderThumbnails of a hostile HEIC", () => {
  it("refuses one declaring more than MAX_HEIC_PIXELS as undecodable (the photo fails, the job is not retried)", async () => {
    const file = path.join(await mkdtemp(path.join(tmpdir(), "hostile-")), "huge.heif");
    await writeFile(file, await heicDeclaring(12_000, 10_000));
    const refused = await renderThumbnails(file).catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(UndecodableImageError);
    expect((refused as Error).message).toContain(`over the limit of ${MAX_HEIC_PIXELS} for HEIC images`);
  }, 30_000);
});

describe("heicDecoder", () => {
  it("decodes each image in a thread of its own: a broken file fails alone, and the next decodes", async () => {
    const heic = await readFile(fixturePath("heic/IMG_5195.HEIC"));
    const heif = await readFile(fixturePath("heic/samplefilehub.heif"));
    const [broken, whole] = await Promise.allSettled([heicDecoder().decode(heic.subarray(0, 512)), heicDecoder().decode(heif)]);
    expect(broken.status).toBe("rejected");
    expect(whole.status === "fulfilled" && [whole.value.width, whole.value.height]).toEqual([640, 426]);
    const again = await heicDecoder().decode(heic);
    expect([again.width, again.height]).toEqual([2566, 3313]);
  }, 60_000);
});

describe("THUMBNAIL_VERSION", () => {
  it("changes with the sizes", () => {
    // Failing? Sizes changed: bump THUMBNAIL_VERSION (workers then remake every photo's
    // thumbnails under new keys) and write both here.
    expect({ version: THUMBNAIL_VERSION, specs: thumbnailSpecs }).toEqual({
      version: 2,
      specs: {
        small: { edge: 256, fit: "outside", quality: 60, effort: 6 },
        medium: { edge: 1080, fit: "inside", quality: 78, effort: 4 },
        large: { edge: 2048, fit: "inside", quality: 80, effort: 4 },
      },
    });
  });
});
