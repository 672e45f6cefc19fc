import { mkdtemp, rm } from "node:fs/promises";
import { createWriteStream } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { pipeline } from "node:stream/promises";
import { db, Prisma } from "@/lib/db";
import { logger } from "@/lib/logger";
import { readExifTakenAt } from "@/lib/photos/exif-taken-at";
import { invalidateRecentPhotos } from "@/lib/photos/recent-photos-cache";
import { renderThumbnails, THUMBNAIL_VERSION } from "@/lib/photos/render-thumbnails";
import { deleteObjects, getObjectStream, objectKeys, putObject, type ThumbnailSize } from "@/lib/storage";

/** A thumbnail's key names one version of it forever, so browsers may keep it as long as they like. */
const THUMBNAIL_CACHE_CONTROL = "private, max-age=31536000, immutable";

/**
 * Makes the three WebP thumbnails of a photo, reads its EXIF date and marks it ready. The original
 * goes to a temp file rather than memory: sharp and exifr read it from disk, and a 200 MB upload
 * costs no heap. A ready photo being made again (new sizes) keeps its old thumbnails until the
 * row points at the new ones. Returns false when the photo was deleted meanwhile (nothing to do).
 */
export async function generateThumbnails(photoId: string): Promise<boolean> {
  const photo = await db.photo.findUnique({ where: { id: photoId } });
  if (!photo) return false;

  const workDir = await mkdtemp(path.join(tmpdir(), "photo-backup-"));
  try {
    const originalPath = path.join(workDir, "original");
    await pipeline(await getObjectStream(objectKeys.original(photo.userId, photo.id)), createWriteStream(originalPath));
    const [rendered, takenAt] = await Promise.all([renderThumbnails(originalPath), readExifTakenAt(originalPath)]);

    const keys = {} as Record<ThumbnailSize, string>;
    await Promise.all(
      (Object.keys(rendered.webp) as ThumbnailSize[]).map(async (size) => {
        keys[size] = objectKeys.thumbnail(photo.userId, photo.id, size, THUMBNAIL_VERSION);
        await putObject(keys[size], rendered.webp[size], "image/webp", THUMBNAIL_CACHE_CONTROL);
      }),
    );

    const { count } = await db.photo.updateMany({
      where: { id: photo.id },
      data: {
        status: "ready",
        error: null,
        width: rendered.width,
        height: rendered.height,
        thumbhash: rendered.thumbhash,
        thumbnailKeys: keys,
        thumbnailVersion: THUMBNAIL_VERSION,
        ...(takenAt ? { takenAt: takenAt.date, takenAtOffset: takenAt.offset } : {}),
      },
    });
    if (count === 0) {
      // Deleted while we worked: its delete job may already have run, so remove what we just wrote.
      await deleteObjects(Object.values(keys));
      return false;
    }
    await invalidateRecentPhotos(photo.userId);
    const superseded = Object.values((photo.thumbnailKeys ?? {}) as Record<string, string>).filter((key) => !Object.values(keys).includes(key));
    // Left behind if this fails: the nightly orphan cleanup does not know them, but they cost only space.
    if (superseded.length) await deleteObjects(superseded).catch((error) => logger.warn({ err: error, photoId }, "could not delete superseded thumbnails"));
    return true;
  } finally {
    await rm(workDir, { recursive: true, force: true });
  }
}

/**
 * The last attempt failed: the photo stays in the library, visibly failed, with the reason.
 * `alsoIfReady`: a ready photo too (its original turned out to be missing).
 */
export async function markPhotoFailed(photoId: string, reason: string, { alsoIfReady = false } = {}): Promise<void> {
  const photo = await db.photo
    .update({ where: { id: photoId, status: alsoIfReady ? { in: ["processing", "ready"] } : "processing" }, data: { status: "failed", error: reason.slice(0, 1000) }, select: { userId: true } })
    .catch((error) => {
      if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2025") return null;
      throw error;
    });
  if (photo) {
    logger.warn({ photoId, reason }, "photo marked failed");
    await invalidateRecentPhotos(photo.userId);
  }
}
