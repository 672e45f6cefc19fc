import { mkdtemp, readdir, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { decodeJxl, jpegXlDecoder } from "@/lib/photos/decode-jxl";
import { readRawTags } from "@/lib/photos/decode-raw";
import { endExiftool } from "@/lib/photos/exiftool";
import { renderThumbnails, UndecodableImageError } from "@/lib/photos/render-thumbnails";
import { fixturePath, tiffWithIfdAtEnd } from "@/tests/support/fixtures";

const DNG = path.resolve("tests/fixtures/raw/rotated-preview.dng");
const JXL = path.resolve("tests/fixtures/jxl/Landscape_3-lossy.jxl");

afterAll(endExiftool);

describe("readRawTags", () => {
  it("takes a TIFF for a RAW only when ExifTool says it is one: a DNG is, a plain TIFF stays libvips's", async () => {
    const folder = await mkdtemp(path.join(tmpdir(), "raw-tags-"));
    const plain = path.join(folder, "scan.tif");
    await writeFile(plain, tiffWithIfdAtEnd());
    expect(await readRawTags(plain, "image/tiff")).toBeUndefined();
    expect(await readRawTags(DNG, "image/tiff")).toMatchObject({ FileType: "DNG", ImageWidth: 3000, ImageHeight: 2000 });
    expect(await readRawTags(DNG, "image/x-adobe-dng")).toMatchObject({ FileType: "DNG", Orientation: 6 });
    expect(await readRawTags(fixturePath("camera/Canon_40D.jpg"), "image/jpeg")).toBeUndefined();
  });
});

describe("decodeJxl", () => {
  it("is found on this machine (libjxl-tools: .ci/run, the worker image)", () => {
    expect(jpegXlDecoder()).toMatch(/\/djxl$/);
  });

  it("refuses a JPEG XL declaring more pixels than allowed before decoding it", async () => {
    const folder = await mkdtemp(path.join(tmpdir(), "jxl-"));
    await expect(decodeJxl(JXL, folder, 1800 * 1200 - 1)).rejects.toThrow("1800×1200 pixels is over the limit of 2159999");
    expect(await readdir(folder)).toEqual([]);
  });

  it("without djxl, fails the photo at once with a reason that names the fix", async () => {
    const original = process.env.PATH;
    process.env.PATH = "/nonexistent";
    try {
      const refused = await renderThumbnails(JXL).catch((error: unknown) => error);
      expect(refused).toBeInstanceOf(UndecodableImageError);
      expect((refused as Error).message).toBe("No preview: JPEG XL needs djxl on the worker, which is not installed there (apt-get install libjxl-tools)");
    } finally {
      process.env.PATH = original;
    }
  });
});
