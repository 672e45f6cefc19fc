import { createReadStream, createWriteStream } from "node:fs";
import { open, stat } from "node:fs/promises";
import path from "node:path";
import { pipeline } from "node:stream/promises";
import type { Tags } from "exiftool-vendored";
import { exiftool } from "@/lib/photos/exiftool";
import { probeVideo } from "@/lib/photos/probe-video";
import { writePlayback } from "@/lib/photos/transcode-video";

/*
 * A Motion Photo (Google Pixel, Samsung) is one JPEG or HEIC: the image, then an MP4 appended
 * after it, which the image's XMP describes (Google's), or a block named MotionPhoto_Data of the
 * Samsung trailer holds (ExifTool's EmbeddedVideoFile). The file stays whole as the original; its
 * clip is copied out to be played.
 */

interface ContainerItem {
  Item?: { Semantic?: unknown; Length?: unknown; Padding?: unknown };
}

const byteCount = (value: unknown) => {
  const count = Number(value);
  return Number.isSafeInteger(count) && count >= 0 ? count : 0;
};

/**
 * Where the XMP says the clip lies, counted back from the end of the file: the Container
 * directory's MotionPhoto item (its length, then its padding), else GCamera:MicroVideoOffset (the clip runs to the end).
 */
export function motionClipExtent(tags: Pick<Tags, "ContainerDirectory" | "MicroVideoOffset">): { length: number; padding: number } | null {
  const items = Array.isArray(tags.ContainerDirectory) ? (tags.ContainerDirectory as ContainerItem[]) : [];
  const clip = items.find((item) => item.Item?.Semantic === "MotionPhoto")?.Item;
  const extent = clip ? { length: byteCount(clip.Length), padding: byteCount(clip.Padding) } : { length: byteCount(tags.MicroVideoOffset), padding: 0 };
  return extent.length > 0 ? extent : null;
}

/** Samsung's trailer holds the clip: ExifTool knows its blocks (tags exiftool-vendored's typings lack). */
function inSamsungTrailer(tags: Tags): boolean {
  const { EmbeddedVideoType, EmbeddedVideoFile } = tags as Tags & { EmbeddedVideoType?: unknown; EmbeddedVideoFile?: unknown };
  return EmbeddedVideoType === "MotionPhoto_Data" && EmbeddedVideoFile !== undefined;
}

/** Whether the file's XMP or Samsung trailer says it is a Motion Photo. */
export const isMotionPhoto = (tags: Tags): boolean => inSamsungTrailer(tags) || motionClipExtent(tags) !== null;

/**
 * Copies a Motion Photo's clip to `destination`: out of Samsung's trailer by ExifTool, else by the
 * extent the XMP gives. Throws when that lies outside the file or the copy is no MP4 (its first
 * box is not `ftyp`).
 */
export async function extractMotionClip(photoPath: string, tags: Tags, destination: string): Promise<void> {
  if (inSamsungTrailer(tags)) {
    await exiftool().extractBinaryTag("EmbeddedVideoFile", photoPath, destination);
  } else {
    const extent = motionClipExtent(tags);
    const { size } = await stat(photoPath);
    const start = size - (extent?.length ?? 0) - (extent?.padding ?? 0);
    if (!extent || start <= 0) throw new Error(`the motion clip's extent lies outside the ${size}-byte file`);
    await pipeline(createReadStream(photoPath, { start, end: start + extent.length - 1 }), createWriteStream(destination));
  }
  const file = await open(destination);
  try {
    const { buffer, bytesRead } = await file.read(Buffer.alloc(8), 0, 8, 0);
    if (bytesRead < 8 || buffer.toString("latin1", 4, 8) !== "ftyp") throw new Error("the embedded motion clip is no MP4");
  } finally {
    await file.close();
  }
}

/**
 * Writes a Motion Photo's clip into `workDir` as an MP4 every browser plays: as it is when H.264/AAC
 * in MP4, else remuxed or transcoded. Its path; throws when the clip is unusable.
 */
export async function writePlayableMotionClip(photoPath: string, tags: Tags, workDir: string): Promise<string> {
  const clipPath = path.join(workDir, "motion-clip.mp4");
  const playablePath = path.join(workDir, "motion.mp4");
  await extractMotionClip(photoPath, tags, clipPath);
  return (await writePlayback(clipPath, playablePath, await probeVideo(clipPath), "video/mp4")) ? playablePath : clipPath;
}
