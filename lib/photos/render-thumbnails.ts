import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileTypeFromFile } from "file-type";
import type { Tags } from "exiftool-vendored";
import sharp, { type Sharp } from "sharp";
import { rgbaToThumbHash } from "thumbhash";
import { heicDecoder, type HeicDecoder } from "@/lib/photos/decode-heic";
import { decodeJxl } from "@/lib/photos/decode-jxl";
import { extractRawPreview, isRaw, mayBeRaw } from "@/lib/photos/decode-raw";
import { exiftool } from "@/lib/photos/exiftool";
import { NoPreviewError } from "@/lib/photos/no-preview-error";
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
 * The larger two stay at 4: at 2 they cost half the CPU (0.2 s less for an 8.5 MP HEIC) but,
 * measured, 5 % more bytes with 0.6–0.7 dB PSNR less, or 15–23 % more bytes at the same PSNR.
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

/** The image could not be decoded: retrying will not help. A NoPreviewError's reason is kept as it is. */
export class UndecodableImageError extends Error {
  constructor(cause: unknown) {
    const reason = cause instanceof Error ? cause.message : String(cause);
    super(cause instanceof NoPreviewError ? reason : `The image could not be decoded: ${reason}`, { cause });
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
 * Opens an image upright. Camera RAW is its largest embedded JPEG, with the RAW's orientation and
 * full size (decode-raw.ts); JPEG XL, which sharp's bundled libvips cannot read, is decoded by djxl
 * first (decode-jxl.ts), into `scratch`. `tags`: ExifTool's, for the types it decides about.
 */
async function openUpright(file: string, contentType: string | undefined, tags: Tags | undefined, heic: HeicDecoder, scratch: string): Promise<UprightImage> {
  if (!tags) return openDecodable(file, heic);
  if (contentType === "image/jxl") return openDecodable(await decodeJxl(file, tags, scratch), heic);
  if (!isRaw(contentType, tags)) return openDecodable(file, heic);
  const { preview, width, height } = await extractRawPreview(file, tags, scratch);
  const upright = await openDecodable(preview, heic);
  return { ...upright, width: width ?? upright.width, height: height ?? upright.height };
}

/**
 * HEIC/HEIF photos from phones are HEVC-coded, which sharp's bundled libvips cannot decode, so
 * those are decoded once by libheif (native or wasm, both applying the container's rotation and
 * mirroring; see decode-heic.ts). Everything else stays a libvips pipeline, so each size below can
 * use JPEG shrink-on-load instead of resizing from full resolution.
 */
async function openDecodable(file: string, heic: HeicDecoder): Promise<UprightImage> {
  const metadata = await openImage(file).metadata();
  if (metadata.width * metadata.height > MAX_INPUT_PIXELS) {
    throw new Error(`${metadata.width}×${metadata.height} pixels is over the limit of ${MAX_INPUT_PIXELS}`);
  }
  if (metadata.format === "heif" && metadata.compression !== "av1") {
    const { image, width, height } = await heic.decode(await readFile(file));
    return { image: await shrunkForThumbnails(image, width, height), width, height };
  }
  return { image: openImage(file).autoOrient(), width: metadata.autoOrient.width, height: metadata.autoOrient.height };
}

interface RenderOptions {
  /** The HEIC decoder: the process's (HEIC_DECODER) unless another is given (the benchmark compares them). */
  heic?: HeicDecoder;
  /** The file's ExifTool tags, when the caller has read them already (the photo job has). */
  tags?: Tags;
}

export async function renderThumbnails(file: string, { heic = heicDecoder(), tags: knownTags }: RenderOptions = {}): Promise<RenderedThumbnails> {
  // Judged by content, as the upload judged it. ExifTool is read before decoding, outside the catch
  // below: its failing (a timeout on a busy worker) is retried, not taken for a broken file.
  const contentType = (await fileTypeFromFile(file))?.mime;
  const tags = contentType === "image/jxl" || mayBeRaw(contentType) ? (knownTags ?? (await exiftool().read(file))) : undefined;
  // Decoders' files (a RAW's preview, a decoded JPEG XL), kept until the sizes below are encoded.
  const scratch = await mkdtemp(path.join(tmpdir(), "render-"));
  try {
    const { image, width, height } = await openUpright(file, contentType, tags, heic, scratch);
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
  } finally {
    await rm(scratch, { recursive: true, force: true });
  }
}

/**
 * A decoded HEIC resized once, to the largest any size needs, as raw pixels: each size is then
 * resized from that rather than from full resolution, which it has no shrink-on-load for (a
 * JPEG's libvips pipeline has: it stays one). For the 8.5 MP HEIC fixture 0.07 s less CPU, PSNR
 * within 0.03 dB. An image no larger than every size stays as it is.
 */
async function shrunkForThumbnails(image: Sharp, width: number, height: number): Promise<Sharp> {
  const scales = Object.values(thumbnailSpecs).map(({ edge, fit }) => edge / (fit === "inside" ? Math.max(width, height) : Math.min(width, height)));
  const scale = Math.max(...scales);
  if (scale >= 1) return image;
  const { data, info } = await image
    .resize(Math.round(width * scale), Math.round(height * scale), { fit: "fill" })
    .raw()
    .toBuffer({ resolveWithObject: true });
  return sharp(data, { raw: { width: info.width, height: info.height, channels: info.channels } });
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
