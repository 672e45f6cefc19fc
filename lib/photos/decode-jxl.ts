import path from "node:path";
import type { Tags } from "exiftool-vendored";
import pLimit from "p-limit";
import { findOnPath, runBounded } from "@/lib/photos/bounded-process";
import { NoPreviewError } from "@/lib/photos/no-preview-error";

/**
 * Larger JPEG XLs are refused before decoding, as HEICs are (decode-heic.ts): a crafted file of a
 * few bytes can declare any size, and djxl's resident peak is 16 bytes a pixel (measured at 8 MP),
 * so about 1 GB at this limit.
 */
export const MAX_JXL_PIXELS = 64_000_000;

/** djxl processes at once in a worker process, whatever WORKER_CONCURRENCY: two at the limit take about 2 GB. */
export const MAX_CONCURRENT_JXL_DECODES = 2;

/** A 64 MP JPEG XL decodes in well under this on one core; longer means a stuck or crafted file. */
const DJXL_TIMEOUT_MS = 60_000;

/**
 * djxl's address space. Measured: an 8 MP lossy JPEG XL decodes (to JPEG) within 300 MB and fails
 * at 200 MB; its threads reserve what its pixels do not take.
 */
const djxlAddressSpaceBytes = (pixels: number) => 256 * 1024 * 1024 + 24 * pixels;

const withDecodeSlot = pLimit(MAX_CONCURRENT_JXL_DECODES);

/** `djxl` (Debian's libjxl-tools) on PATH, or undefined: for the worker's start-up log, beside the HEIC decoder. */
export const jpegXlDecoder = () => findOnPath("djxl");

/**
 * Decodes a JPEG XL with `djxl` (libjxl) in a bounded child process into a JPEG in `folder`, and
 * returns its path. A recompressed JPEG (`cjxl --lossless_jpeg=1`, how most JPEG XL photos come to
 * be) is given back exactly, its EXIF orientation in it, in a third of a second for 8 MP; other
 * JPEG XLs are decoded upright to pixels and written at quality 95: 1.7 s of CPU for 8 MP against
 * 3.6 s for djxl's PNG (whose compression it does not let us lower), and the WebP thumbnails keep
 * far less than quality 95 does. An alpha channel is dropped. `tags`: ExifTool's, which give the
 * size the codestream declares without decoding it; `maxPixels`: MAX_JXL_PIXELS unless given.
 */
export async function decodeJxl(file: string, tags: Tags, folder: string, maxPixels = MAX_JXL_PIXELS): Promise<string> {
  const djxl = jpegXlDecoder();
  if (!djxl) throw new NoPreviewError("JPEG XL needs djxl on the worker, which is not installed there (apt-get install libjxl-tools)");
  const { ImageWidth: width = 0, ImageHeight: height = 0 } = tags;
  if (width * height > maxPixels) throw new Error(`${width}×${height} pixels is over the limit of ${maxPixels}`);
  const output = path.join(folder, "decoded.jpg");
  const decode = { command: djxl, args: [file, output, "--quiet"], addressSpaceBytes: djxlAddressSpaceBytes(width * height), timeoutMs: DJXL_TIMEOUT_MS };
  await withDecodeSlot(() => runBounded(decode));
  return output;
}
