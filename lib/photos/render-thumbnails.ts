import { readFile } from "node:fs/promises";
import sharp, { type Sharp } from "sharp";
import { rgbaToThumbHash } from "thumbhash";
import { heicDecoder, type HeicDecoder } from "@/lib/photos/decode-heic";
import type { ThumbnailSize } from "@/lib/contract/photos";

/** Larger inputs are refused before decoding (decompression bombs): 200 MP covers any camera sold today. */
export const MAX_INPUT_PIXELS = 200_000_000;

/**
 * The version of thumbnailSpecs and the encoding below. Bump it with any change to them: workers
 * then make every photo's thumbnails again (lib/photos/regenerate-thumbnails.ts), and the new ones
 * get new keys, so no browser or service worker keeps showing an old one.
 */
export const THUMBNAIL_VERSION = 2;

/**
 * `effort`: how hard libwebp searches for a smaller encoding of the same quality (0–6). The grid's
 * thumbnails are what a slow phone network waits for, a screenful at a time, and at 256 px the
 * most effort costs little: 6 % smaller at 6 than at 4; with quality 60 instead of 70, 15–18 %
 * smaller in all (0.6–1.0 dB PSNR less). On slow 4G a phone's first screen of 18 comes 0.2 s sooner.
 */
export const thumbnailSpecs: Record<ThumbnailSize, { edge: number; fit: "outside" | "inside"; quality: number; effort: number }> = {
  small: { edge: 256, fit: "outside", quality: 60, effort: 6 }, // 256 px on the short edge, for the grid
  medium: { edge: 1080, fit: "inside", quality: 78, effort: 4 },
  large: { edge: 2048, fit: "inside", quality: 80, effort: 4 },
};

export interface RenderedThumbnails {
  /** Dimensions as displayed, after EXIF orientation. */
  width: number;
  height: number;
  thumbhash: string;
  webp: Record<ThumbnailSize, Buffer>;
}

/** The image could not be decoded: retrying will not help. */
export class UndecodableImageError extends Error {
  constructor(cause: unknown) {
    super(`The image could not be decoded: ${cause instanceof Error ? cause.message : String(cause)}`, { cause });
    this.name = "UndecodableImageError";
  }
}

const openImage = (input: string | Buffer) =>
  sharp(input, { limitInputPixels: MAX_INPUT_PIXELS, failOn: "truncated", sequentialRead: true });

interface UprightImage {
  image: Sharp;
  /** Dimensions as displayed, after EXIF orientation. */
  width: number;
  height: number;
}

/**
 * Opens an image upright. HEIC/HEIF photos from phones are HEVC-coded, which sharp's bundled
 * libvips cannot decode, so those are decoded once by libheif (native or wasm, both applying the
 * container's rotation and mirroring; see decode-heic.ts). Everything else stays a
 * libvips pipeline, so each size below can use JPEG shrink-on-load instead of resizing from full
 * resolution.
 */
async function openUpright(path: string, heic: HeicDecoder): Promise<UprightImage> {
  const metadata = await openImage(path).metadata();
  if (metadata.width * metadata.height > MAX_INPUT_PIXELS) {
    throw new Error(`${metadata.width}×${metadata.height} pixels is over the limit of ${MAX_INPUT_PIXELS}`);
  }
  if (metadata.format === "heif" && metadata.compression !== "av1") {
    const { image, width, height } = await heic.decode(await readFile(path));
    return { image, width, height };
  }
  return { image: openImage(path).autoOrient(), width: metadata.autoOrient.width, height: metadata.autoOrient.height };
}

/** `heic`: the HEIC decoder, the process's (HEIC_DECODER) unless another is given (the benchmark compares them). */
export async function renderThumbnails(path: string, heic: HeicDecoder = heicDecoder()): Promise<RenderedThumbnails> {
  try {
    const { image, width, height } = await openUpright(path, heic);
    const sizes = Object.entries(thumbnailSpecs) as [ThumbnailSize, (typeof thumbnailSpecs)[ThumbnailSize]][];
    const encoded = await Promise.all(
      sizes.map(([, spec]) =>
        image
          .clone()
          .resize(spec.edge, spec.edge, { fit: spec.fit, withoutEnlargement: true })
          .webp({ quality: spec.quality, effort: spec.effort })
          .toBuffer(),
      ),
    );
    const webp = Object.fromEntries(sizes.map(([size], index) => [size, encoded[index]!])) as Record<ThumbnailSize, Buffer>;
    return { width, height, thumbhash: await thumbhashOf(webp.small), webp };
  } catch (error) {
    throw new UndecodableImageError(error);
  }
}

/** The placeholder hash, from the small thumbnail: it needs at most 100×100 pixels. */
async function thumbhashOf(thumbnail: Buffer): Promise<string> {
  const { data, info } = await sharp(thumbnail)
    .resize(100, 100, { fit: "inside" })
    .ensureAlpha()
    .raw()
    .toBuffer({ resolveWithObject: true });
  return Buffer.from(rgbaToThumbHash(info.width, info.height, data)).toString("base64");
}
