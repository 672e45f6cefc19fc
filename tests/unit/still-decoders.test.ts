import { mkdtemp, readdir, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it, vi } from "vitest";
import { decodeJxl, jpegXlDecoder, MAX_CONCURRENT_JXL_DECODES } from "@/lib/photos/decode-jxl";
import { readRawTags } from "@/lib/photos/decode-raw";
import { endExiftool } from "@/lib/photos/exiftool";
import { renderThumbnails, UndecodableImageError } from "@/lib/photos/render-thumbnails";
import { fixturePath, tiffWithIfdAtEnd } from "@/tests/support/fixtures";

/** djxl processes alive at once, and the most seen. */
const djxl = vi.hoisted(() => ({ alive: 0, most: 0 }));

vi.mock("node:child_process", async (importOriginal) => {
  const original = await importOriginal<typeof import("node:child_process")>();
  const spawn = ((...args: Parameters<typeof original.spawn>) => {
    const child = original.spawn(...args);
    if ((args[1] as string[]).some((arg) => arg.endsWith("/djxl"))) {
      djxl.most = Math.max(djxl.most, ++djxl.alive);
      child.once("close", () => djxl.alive--);
    }
    return child;
  }) as typeof original.spawn;
  return { ...original, spawn };
});

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

  it(`runs at most ${MAX_CONCURRENT_JXL_DECODES} djxl at once; the others wait their turn and all finish`, async () => {
    const folders = await Promise.all(Array.from({ length: 5 }, () => mkdtemp(path.join(tmpdir(), "jxl-"))));
    const decoded = await Promise.all(folders.map((folder) => decodeJxl(JXL, folder)));
    expect(decoded).toEqual(folders.map((folder) => path.join(folder, "decoded.jpg")));
    expect(djxl.most).toBe(MAX_CONCURRENT_JXL_DECODES);
  }, 30_000);

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
