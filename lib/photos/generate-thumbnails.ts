import { mkdtemp, rm } from "node:fs/promises";
import { createWriteStream } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { pipeline } from "node:stream/promises";
import type { Tags } from "exiftool-vendored";
import type { ThumbnailSize } from "@/lib/contract/photos";
import { logger } from "@/lib/logger";
import { takenAtFromTags } from "@/lib/photos/exif-taken-at";
import { readMediaTags } from "@/lib/photos/exiftool";
import { isMotionPhoto, writePlayableMotionClip } from "@/lib/photos/motion-photo";
import { findPhotoById, markPhotoReady, pairLivePhoto, type PhotoRow } from "@/lib/photos/photo-repository";
import { renderThumbnails, THUMBNAIL_VERSION, type RenderedThumbnails } from "@/lib/photos/render-thumbnails";
import { deleteObjects, getObjectStream, objectKeys, putFile, putObject } from "@/lib/storage";

/** A thumbnail's key names one version of it forever, so browsers may keep it as long as they like. */
export const THUMBNAIL_CACHE_CONTROL = "private, max-age=31536000, immutable";

/** The stored thumbnails, for the ready row. */
export interface StoredThumbnails {
  thumbhash: string;
  thumbnailKeys: Record<ThumbnailSize, string>;
  thumbnailVersion: number;
}

/** What a job made from an original: its thumbnails, what else it stored, and how its row becomes ready. */
export interface MadeFromOriginal {
  rendered: RenderedThumbnails;
  /** Objects written besides the thumbnails (a video's playback rendition): removed if the photo went meanwhile. */
  storedKeys: string[];
  /** Marks the row ready with the thumbnails; false when it is gone. */
  markReady: (thumbnails: StoredThumbnails) => Promise<boolean>;
}

/**
 * Makes what a photo or video shows from its original, stores it and marks the row ready. The
 * original goes to a temp file (in a private folder `make` may write to) rather than memory:
 * sharp, ExifTool and ffmpeg read it from disk, and a 4 GB upload costs no heap. A ready photo being
 * made again (new sizes) keeps its old objects until the row points at the new ones. Returns false
 * when the photo was deleted meanwhile (nothing to do).
 */
export async function makeFromOriginal(
  photoId: string,
  make: (photo: PhotoRow, originalPath: string, workDir: string) => Promise<MadeFromOriginal>,
): Promise<boolean> {
  const photo = await findPhotoById(photoId);
  if (!photo) return false;

  const workDir = await mkdtemp(path.join(tmpdir(), "photo-backup-"));
  try {
    const originalPath = path.join(workDir, "original");
    await pipeline(await getObjectStream(objectKeys.original(photo.userId, photo.id)), createWriteStream(originalPath));
    const { rendered, storedKeys, markReady } = await make(photo, originalPath, workDir);

    const keys = {} as Record<ThumbnailSize, string>;
    await Promise.all(
      (Object.keys(rendered.webp) as ThumbnailSize[]).map(async (size) => {
        keys[size] = objectKeys.thumbnail(photo.userId, photo.id, size, THUMBNAIL_VERSION);
        await putObject(keys[size], rendered.webp[size], "image/webp", THUMBNAIL_CACHE_CONTROL);
      }),
    );
    const written = [...Object.values(keys), ...storedKeys];

    if (!(await markReady({ thumbhash: rendered.thumbhash, thumbnailKeys: keys, thumbnailVersion: THUMBNAIL_VERSION }))) {
      // Deleted while we worked: its delete job may already have run, so remove what we just wrote.
      await deleteObjects(written);
      return false;
    }
    const previous = [...Object.values((photo.thumbnailKeys ?? {}) as Record<string, string>), photo.playbackKey ?? "", photo.motionKey ?? ""];
    // Only objects of the photo's thumbnail prefix: a playback key may be the original's own.
    const thumbnailPrefix = objectKeys.thumbnailPrefix(photo.userId, photo.id);
    const superseded = previous.filter((key) => key.startsWith(thumbnailPrefix) && !written.includes(key));
    // Left behind if this fails: the nightly orphan cleanup does not know them, but they cost only space.
    if (superseded.length) await deleteObjects(superseded).catch((error) => logger.warn({ err: error, photoId }, "could not delete superseded thumbnails"));
    return true;
  } finally {
    await rm(workDir, { recursive: true, force: true });
  }
}

/**
 * Stores a Motion Photo's clip, played as it is or made playable, beside its thumbnails: its key;
 * null when the clip is unusable (the photo is kept, without motion); undefined for any other
 * photo, whose motion (a Live Photo's clip) is not this job's.
 */
async function storeMotionClip(photo: PhotoRow, originalPath: string, tags: Tags, workDir: string): Promise<string | null | undefined> {
  if (!isMotionPhoto(tags)) return undefined;
  const clip = await writePlayableMotionClip(originalPath, tags, workDir).catch((error: unknown) => {
    logger.warn({ err: error, photoId: photo.id }, "motion photo clip unusable; kept as a still");
  });
  if (!clip) return null;
  const key = objectKeys.motion(photo.userId, photo.id, THUMBNAIL_VERSION);
  await putFile(key, clip, "video/mp4", THUMBNAIL_CACHE_CONTROL);
  return key;
}

/** Apple's content identifiers are UUIDs; anything longer is no identifier. */
const contentIdentifierOf = (tags: { ContentIdentifier?: unknown }) =>
  typeof tags.ContentIdentifier === "string" && tags.ContentIdentifier.trim().length <= 64 ? tags.ContentIdentifier.trim() || undefined : undefined;

/**
 * Makes the three WebP thumbnails of a photo, reads its capture time, stores a Motion Photo's clip
 * and marks it ready; a Live Photo's still then pairs with its clip if that is already here.
 */
export function generateThumbnails(photoId: string): Promise<boolean> {
  return makeFromOriginal(photoId, async (photo, originalPath, workDir) => {
    const [rendered, tags] = await Promise.all([renderThumbnails(originalPath), readMediaTags(originalPath)]);
    const motionKey = await storeMotionClip(photo, originalPath, tags, workDir);
    const contentIdentifier = contentIdentifierOf(tags);
    return {
      rendered,
      storedKeys: motionKey ? [motionKey] : [],
      markReady: async (thumbnails) => {
        const ready = await markPhotoReady(photo, {
          ...thumbnails,
          width: rendered.width,
          height: rendered.height,
          takenAt: takenAtFromTags(tags) ?? undefined,
          contentIdentifier,
          motionKey,
        });
        if (ready && contentIdentifier) await pairLivePhoto(photo.userId, contentIdentifier);
        return ready;
      },
    };
  });
}
