import { mkdtemp, readdir, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it, vi } from "vitest";
import { decodeJxl, jpegXlDecoder, MAX_CONCURRENT_JXL_DECODES } from "@/lib/photos/decode-jxl";
import { extractRawPreview, isRaw, mayBeRaw } from "@/lib/photos/decode-raw";
import { endExiftool, exiftool } from "@/lib/photos/exiftool";
import { NoPreviewError } from "@/lib/photos/no-preview-error";
import { renderThumbnails, UndecodableImageError } from "@/lib/photos/render-thumbnails";
import { tiffWithIfdAtEnd } from "@/tests/support/fixtures";

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

describe("isRaw", () => {
  it("takes a TIFF for a RAW only when ExifTool says it is one: a DNG is, a plain TIFF stays libvips's", async () => {
    const folder = await mkdtemp(path.join(tmpdir(), "raw-tags-"));
    const plain = path.join(folder, "scan.tif");
    await writeFile(plain, tiffWithIfdAtEnd());
    const [plainTags, dngTags] = await Promise.all([exiftool().read(plain), exiftool().read(DNG)]);
    expect(isRaw("image/tiff", plainTags)).toBe(false);
    expect(isRaw("image/tiff", dngTags)).toBe(true);
    expect(isRaw("image/x-adobe-dng", dngTags)).toBe(true);
    expect(mayBeRaw("image/jpeg")).toBe(false);
  });
});

describe("extractRawPreview", () => {
  it("records ExifTool's ImageSize, not ImageWidth and ImageHeight, which in a CR2 describe its preview", async () => {
    const tags = await exiftool().read(DNG);
    const asCr2 = { ...tags, FileType: "CR2", ImageWidth: 600, ImageHeight: 400, ImageSize: "5184x3456" };
    const extracted = await extractRawPreview(DNG, asCr2, await mkdtemp(path.join(tmpdir(), "raw-")));
    // Orientation 6: displayed 3456 wide.
    expect(extracted).toMatchObject({ width: 3456, height: 5184 });
  });
});

describe("renderThumbnails", () => {
  it("leaves a RAW whose ExifTool read fails (a timeout on a busy worker) to be retried: not undecodable", async () => {
    vi.spyOn(exiftool(), "read").mockRejectedValueOnce(new Error("BatchCluster has ended"));
    const failed = await renderThumbnails(DNG).catch((error: unknown) => error);
    expect(failed).toBeInstanceOf(Error);
    expect(failed).not.toBeInstanceOf(UndecodableImageError);
    expect(await renderThumbnails(DNG)).toMatchObject({ width: 2000, height: 3000 });
  });

  it("removes the extracted preview and the decoded JPEG XL, whether the photo rendered or not", async () => {
    const original = process.env.TMPDIR;
    process.env.TMPDIR = await mkdtemp(path.join(tmpdir(), "render-scratch-"));
    try {
      await renderThumbnails(DNG);
      await renderThumbnails(JXL);
      await expect(renderThumbnails(path.resolve("tests/fixtures/raw/no-preview.dng"))).rejects.toThrow(/^No preview/);
      expect(await readdir(process.env.TMPDIR)).toEqual([]);
    } finally {
      if (original === undefined) delete process.env.TMPDIR;
      else process.env.TMPDIR = original;
    }
  });
});

describe("decodeJxl", () => {
  it("is found on this machine (libjxl-tools: .ci/run, the worker image)", () => {
    expect(jpegXlDecoder()).toMatch(/\/djxl$/);
  });

  it("refuses a JPEG XL declaring more pixels than allowed before decoding it", async () => {
    const folder = await mkdtemp(path.join(tmpdir(), "jxl-"));
    await expect(decodeJxl(JXL, await exiftool().read(JXL), folder, 1800 * 1200 - 1)).rejects.toThrow("1800×1200 pixels is over the limit of 2159999");
    expect(await readdir(folder)).toEqual([]);
  });

  it(`runs at most ${MAX_CONCURRENT_JXL_DECODES} djxl at once; the others wait their turn and all finish`, async () => {
    const folders = await Promise.all(Array.from({ length: 5 }, () => mkdtemp(path.join(tmpdir(), "jxl-"))));
    const tags = await exiftool().read(JXL);
    const decoded = await Promise.all(folders.map((folder) => decodeJxl(JXL, tags, folder)));
    expect(decoded).toEqual(folders.map((folder) => path.join(folder, "decoded.jpg")));
    expect(djxl.most).toBe(MAX_CONCURRENT_JXL_DECODES);
  }, 30_000);

  it("without djxl, fails the photo at once with a reason that names the fix", async () => {
    const tags = await exiftool().read(JXL);
    const original = process.env.PATH;
    process.env.PATH = "/nonexistent";
    try {
      const refused = await decodeJxl(JXL, tags, await mkdtemp(path.join(tmpdir(), "jxl-"))).catch((error: unknown) => error);
      expect(refused).toBeInstanceOf(NoPreviewError);
      expect(new UndecodableImageError(refused).message).toBe("No preview: JPEG XL needs djxl on the worker, which is not installed there (apt-get install libjxl-tools)");
    } finally {
      process.env.PATH = original;
    }
  });
});
