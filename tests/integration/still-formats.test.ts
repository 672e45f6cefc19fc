import { createHash } from "node:crypto";
import { readFile } from "node:fs/promises";
import path from "node:path";
import sharp from "sharp";
import { beforeAll, describe, expect, it } from "vitest";
import type { Photo } from "@/lib/contract/photos";
import { api, createUser, fixturePath, upload, waitForSettled, type TestUser } from "@/tests/support/api";
import { fetchThumbnail, pixelDifference } from "@/tests/support/images";

const fixture = (name: string) => readFile(path.resolve("tests/fixtures", name));

/** Uploads a fixture under a name that says nothing of its type: the app must judge the content. */
async function uploadAs(user: TestUser, name: string, filename: string) {
  const response = await upload(user, await fixture(name), { filename });
  expect(response.status, name).toBe(201);
  return ((await response.json()) as { photo: Photo }).photo;
}

async function thumbnailSizes(photo: Photo) {
  const urls = (["small", "medium", "large"] as const).map((size) => photo.thumbnails![size]);
  const sizes = await Promise.all(urls.map(async (url) => sharp(await fetchThumbnail(url)).metadata()));
  return sizes.map(({ format, width, height }) => ({ format, width, height }));
}

describe("camera RAW", () => {
  let user: TestUser;
  let rotated: Photo;
  let withoutPreview: Photo;
  let pentax: Photo;

  beforeAll(async () => {
    user = await createUser();
    const uploaded = [
      await uploadAs(user, "raw/rotated-preview.dng", "IMG_0001.jpg"),
      await uploadAs(user, "raw/no-preview.dng", "IMG_0002.jpg"),
      await uploadAs(user, "raw/rotated-preview.pef", "IMG_0003.tif"),
    ];
    const settle = (photo: Photo) => waitForSettled(user, photo.id, 60_000);
    [rotated, withoutPreview, pentax] = await Promise.all([settle(uploaded[0]!), settle(uploaded[1]!), settle(uploaded[2]!)]);
  }, 120_000);

  it("makes the thumbnails from the largest embedded JPEG, turned upright by the RAW's orientation, with the RAW's own size and date", async () => {
    expect(rotated).toMatchObject({ contentType: "image/x-adobe-dng", status: "ready", width: 2000, height: 3000 });
    // DateTimeOriginal 18:45:12 at +02:00.
    expect(rotated).toMatchObject({ takenAt: "2019-07-14T16:45:12.000Z", takenAtOffset: "+02:00" });
    // The 600×400 JpgFromRaw, not the 150×100 PreviewImage, turned 90° clockwise.
    expect(await thumbnailSizes(rotated)).toEqual([
      { format: "webp", width: 256, height: 384 },
      { format: "webp", width: 400, height: 600 },
      { format: "webp", width: 400, height: 600 },
    ]);
    const upright = await sharp(await fixture("raw/preview-source.jpg")).rotate(90).toBuffer();
    const large = await fetchThumbnail(rotated.thumbnails!.large);
    expect(await pixelDifference(upright, large)).toBeLessThan(6);
    expect(await pixelDifference(await fixture("raw/preview-source.jpg"), large), "sanity: unrotated is far").toBeGreaterThan(20);
  });

  it("tells a PEF, a TIFF to file-type, by ExifTool's FileType, and shows its JPEG turned by its orientation 8", async () => {
    expect(pentax).toMatchObject({ contentType: "image/tiff", status: "ready", width: 2000, height: 3000, takenAt: "2019-07-14T16:45:12.000Z" });
    const upright = await sharp(await fixture("raw/preview-source.jpg")).rotate(270).toBuffer();
    expect(await pixelDifference(upright, await fetchThumbnail(pentax.thumbnails!.large))).toBeLessThan(6);
  });

  it("marks a RAW without any JPEG failed, saying why it has no preview, and keeps it listed and downloadable byte for byte", async () => {
    expect(withoutPreview).toMatchObject({
      status: "failed",
      thumbnails: null,
      error: "No preview: this DNG file carries no embedded JPEG, and its sensor data is not decoded here",
    });
    const list = (await (await api(user, "/api/v1/photos?limit=100")).json()) as { photos: Photo[] };
    expect(list.photos.map((photo) => photo.id)).toContain(withoutPreview.id);
    const original = await api(user, `/api/v1/photos/${withoutPreview.id}/original`, { headers: { accept: "application/json" } });
    const { url } = (await original.json()) as { url: string };
    const bytes = Buffer.from(await (await fetch(url)).arrayBuffer());
    expect(bytes.equals(await fixture("raw/no-preview.dng"))).toBe(true);
    expect(createHash("sha256").update(bytes).digest("hex")).toBe(withoutPreview.sha256);
  });
});

describe("JPEG XL", () => {
  it("decodes a recompressed JPEG and a lossy JPEG XL with djxl into three upright WebP sizes matching their source", async () => {
    const user = await createUser();
    const uploaded = [
      await uploadAs(user, "jxl/Landscape_6-recompressed.jxl", "recompressed.bin"),
      await uploadAs(user, "jxl/Landscape_3-lossy.jxl", "lossy.bin"),
    ];
    const upright = await readFile(fixturePath("orientation/Landscape_0.jpg"));
    for (const uploadedPhoto of uploaded) {
      const photo = await waitForSettled(user, uploadedPhoto.id, 60_000);
      expect(photo, photo.error ?? undefined).toMatchObject({ contentType: "image/jxl", status: "ready", width: 1800, height: 1200 });
      expect(await thumbnailSizes(photo)).toEqual([
        { format: "webp", width: 384, height: 256 },
        { format: "webp", width: 1080, height: 720 },
        { format: "webp", width: 1800, height: 1200 },
      ]);
      expect(await pixelDifference(upright, await fetchThumbnail(photo.thumbnails!.medium))).toBeLessThan(6);
    }
  }, 120_000);
});

describe("TIFF", () => {
  it("keeps a plain TIFF (ExifTool's FileType TIFF, not a RAW) with libvips: ready with its own size", async () => {
    const user = await createUser();
    const tiff = await sharp(await readFile(fixturePath("orientation/Landscape_0.jpg"))).resize(300, 200).tiff({ compression: "lzw" }).toBuffer();
    const response = await upload(user, tiff, { filename: "scan.dng" });
    expect(response.status).toBe(201);
    const photo = await waitForSettled(user, ((await response.json()) as { photo: Photo }).photo.id);
    expect(photo).toMatchObject({ contentType: "image/tiff", status: "ready", width: 300, height: 200 });
    expect(await pixelDifference(await readFile(fixturePath("orientation/Landscape_0.jpg")), await fetchThumbnail(photo.thumbnails!.small))).toBeLessThan(6);
  });
});
