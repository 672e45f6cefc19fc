import { readFile } from "node:fs/promises";
import decodeHeic from "heic-decode";
import sharp, { type Sharp } from "sharp";
import { rgbaToThumbHash } from "thumbhash";
import type { ThumbnailSize } from "@/lib/storage";

/** Larger inputs are refused before decoding (decompression bombs): 200 MP covers any camera sold today. */
export const MAX_INPUT_PIXELS = 200_000_000;

export const thumbnailSpecs: Record<ThumbnailSize, { edge: number; fit: "outside" | "inside"; quality: number }> = {
  small: { edge: 256, fit: "outside", quality: 70 }, // 256 px on the short edge, for the grid
  medium: { edge: 1080, fit: "inside", quality: 78 },
  large: { edge: 2048, fit: "inside", quality: 80 },
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

/**
 * Decodes an image once, upright, into raw pixels. HEIC/HEIF photos from phones are HEVC-coded,
 * which sharp's bundled libvips cannot decode, so those go through heic-decode (libheif in wasm,
 * which applies the container's rotation itself).
 */
async function decodeUpright(path: string): Promise<Sharp> {
  const metadata = await openImage(path).metadata();
  if ((metadata.width ?? 0) * (metadata.height ?? 0) > MAX_INPUT_PIXELS) {
    throw new Error(`${metadata.width}×${metadata.height} pixels is over the limit of ${MAX_INPUT_PIXELS}`);
  }
  if (metadata.format === "heif" && metadata.compression !== "av1") {
    const { width, height, data } = await decodeHeic({ buffer: await readFile(path) });
    return sharp(Buffer.from(data.buffer, data.byteOffset, data.byteLength), { raw: { width, height, channels: 4 } });
  }
  const { data, info } = await openImage(path).autoOrient().raw().toBuffer({ resolveWithObject: true });
  return sharp(data, { raw: { width: info.width, height: info.height, channels: info.channels } });
}

export async function renderThumbnails(path: string): Promise<RenderedThumbnails> {
  let upright: Sharp;
  let width: number;
  let height: number;
  try {
    upright = await decodeUpright(path);
    ({ width, height } = await upright.metadata() as { width: number; height: number });
  } catch (error) {
    throw new UndecodableImageError(error);
  }

  const sizes = Object.entries(thumbnailSpecs) as [ThumbnailSize, (typeof thumbnailSpecs)[ThumbnailSize]][];
  const [hash, ...encoded] = await Promise.all([
    upright
      .clone()
      .resize(100, 100, { fit: "inside" })
      .ensureAlpha()
      .raw()
      .toBuffer({ resolveWithObject: true })
      .then(({ data, info }) => Buffer.from(rgbaToThumbHash(info.width, info.height, data)).toString("base64")),
    ...sizes.map(([, spec]) =>
      upright
        .clone()
        .resize(spec.edge, spec.edge, { fit: spec.fit, withoutEnlargement: true })
        .webp({ quality: spec.quality, effort: 4 })
        .toBuffer(),
    ),
  ]);
  const webp = Object.fromEntries(sizes.map(([size], index) => [size, encoded[index]!])) as Record<ThumbnailSize, Buffer>;
  return { width, height, thumbhash: hash, webp };
}
