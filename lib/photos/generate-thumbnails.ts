import { mkdtemp, rm } from "node:fs/promises";
import { createWriteStream } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { pipeline } from "node:stream/promises";
import type { ThumbnailSize } from "@/lib/contract/photos";
import { logger } from "@/lib/logger";
import { takenAtFromTags } from "@/lib/photos/exif-taken-at";
import { readMediaTags } from "@/lib/photos/exiftool";
import { findPhotoById, markPhotoReady } from "@/lib/photos/photo-repository";
import { renderThumbnails, THUMBNAIL_VERSION } from "@/lib/photos/render-thumbnails";
import { deleteObjects, getObjectStream, objectKeys, putObject } from "@/lib/storage";

/** A thumbnail's key names one version of it forever, so browsers may keep it as long as they like. */
const THUMBNAIL_CACHE_CONTROL = "private, max-age=31536000, immutable";

/**
 * Makes the three WebP thumbnails of a photo, reads its capture time and marks it ready. The original
 * goes to a temp file rather than memory: sharp and ExifTool read it from disk, and a 200 MB upload
 * costs no heap. A ready photo being made again (new sizes) keeps its old thumbnails until the
 * row points at the new ones. Returns false when the photo was deleted meanwhile (nothing to do).
 */
export async function generateThumbnails(photoId: string): Promise<boolean> {
  const photo = await findPhotoById(photoId);
  if (!photo) return false;

  const workDir = await mkdtemp(path.join(tmpdir(), "photo-backup-"));
  try {
    const originalPath = path.join(workDir, "original");
    await pipeline(await getObjectStream(objectKeys.original(photo.userId, photo.id)), createWriteStream(originalPath));
    const [rendered, tags] = await Promise.all([renderThumbnails(originalPath), readMediaTags(originalPath)]);

    const keys = {} as Record<ThumbnailSize, string>;
    await Promise.all(
      (Object.keys(rendered.webp) as ThumbnailSize[]).map(async (size) => {
        keys[size] = objectKeys.thumbnail(photo.userId, photo.id, size, THUMBNAIL_VERSION);
        await putObject(keys[size], rendered.webp[size], "image/webp", THUMBNAIL_CACHE_CONTROL);
      }),
    );

    const ready = await markPhotoReady(photo, {
      width: rendered.width,
      height: rendered.height,
      thumbhash: rendered.thumbhash,
      thumbnailKeys: keys,
      thumbnailVersion: THUMBNAIL_VERSION,
      takenAt: takenAtFromTags(tags) ?? undefined,
    });
    if (!ready) {
      // Deleted while we worked: its delete job may already have run, so remove what we just wrote.
      await deleteObjects(Object.values(keys));
      return false;
    }
    const superseded = Object.values((photo.thumbnailKeys ?? {}) as Record<string, string>).filter((key) => !Object.values(keys).includes(key));
    // Left behind if this fails: the nightly orphan cleanup does not know them, but they cost only space.
    if (superseded.length) await deleteObjects(superseded).catch((error) => logger.warn({ err: error, photoId }, "could not delete superseded thumbnails"));
    return true;
  } finally {
    await rm(workDir, { recursive: true, force: true });
  }
}
