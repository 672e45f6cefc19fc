import path from "node:path";
import { BinaryField, type Tags } from "exiftool-vendored";
import { exiftool } from "@/lib/photos/exiftool";
import { RAW_IMAGE_TYPES } from "@/lib/photos/inspect-original";
import { NoPreviewError } from "@/lib/photos/no-preview-error";

const RAW_CONTENT_TYPES = new Set(RAW_IMAGE_TYPES);

/** The JPEGs ExifTool finds in RAW files, under the names it gives them per maker. */
const PREVIEW_TAGS = ["JpgFromRaw", "PreviewImage", "OtherImage", "ThumbnailImage"] as const;

/** Whether ExifTool is to tell if a file of this type is a RAW: one file-type names, or any TIFF. */
export const mayBeRaw = (contentType: string | undefined) => contentType === "image/tiff" || (contentType !== undefined && RAW_CONTENT_TYPES.has(contentType));

/**
 * Judged by content: the type file-type tells, and for a TIFF the type ExifTool tells (PEF and
 * other TIFF-based RAWs look like TIFF to file-type); a plain TIFF is no RAW, libvips decodes it.
 */
export const isRaw = (contentType: string | undefined, tags: Tags) =>
  mayBeRaw(contentType) && !(contentType === "image/tiff" && (tags.FileType === "TIFF" || tags.FileType === undefined));

interface RawPreview {
  /** The largest embedded JPEG, carrying the RAW's orientation. */
  preview: string;
  /** The RAW's full image size as displayed, not the preview's; undefined when the RAW does not say. */
  width?: number;
  height?: number;
}

/**
 * Writes the largest JPEG a RAW carries to `folder` (a file, not memory: full-size previews run to
 * several MB) and gives it the RAW's own Orientation, which it usually lacks or, copied from the
 * sensor's view, gets wrong. Sensor data is never decoded.
 */
export async function extractRawPreview(file: string, tags: Tags, folder: string): Promise<RawPreview> {
  let largest: { tag: string; bytes: number } | undefined;
  for (const tag of PREVIEW_TAGS) {
    const field = (tags as Record<string, unknown>)[tag];
    if (field instanceof BinaryField && field.bytes > (largest?.bytes ?? 0)) largest = { tag, bytes: field.bytes };
  }
  if (!largest) throw new NoPreviewError(`this ${tags.FileType ?? "RAW"} file carries no embedded JPEG, and its sensor data is not decoded here`);
  const preview = path.join(folder, "preview.jpg");
  await exiftool().extractBinaryTag(largest.tag, file, preview);
  const orientation = typeof tags.Orientation === "number" ? tags.Orientation : undefined;
  if (orientation) await exiftool().write(preview, { "Orientation#": orientation }, { writeArgs: ["-overwrite_original"] });
  const size = fullImageSize(tags);
  if (!size) return { preview };
  return orientation && orientation >= 5 ? { preview, width: size.height, height: size.width } : { preview, ...size };
}

/**
 * ExifTool's ImageSize ("6000x4000"): it knows where each maker puts the full image's size (a
 * CR2's IFD0 describes its preview, a RAF's RawImageCroppedSize is the picture); else ImageWidth
 * and ImageHeight.
 */
function fullImageSize(tags: Tags): { width: number; height: number } | undefined {
  const [, width, height] = /^(\d+)\D+(\d+)$/.exec(String(tags.ImageSize ?? "")) ?? [];
  if (width && height) return { width: Number(width), height: Number(height) };
  return tags.ImageWidth && tags.ImageHeight ? { width: tags.ImageWidth, height: tags.ImageHeight } : undefined;
}
