import { logger } from "@/lib/logger";
import { markPhotoFailed, photosInKeyOrder } from "@/lib/photos/photo-repository";
import { deleteObjects, listObjects } from "@/lib/storage";

/** Younger objects may belong to an upload still between storing its bytes and writing its row. */
const MIN_AGE_MS = 24 * 60 * 60_000;
const DELETE_BATCH = 100;

/** `<userId>/<photoId>`: how rows and object keys are matched (and ordered) alike. */
type PhotoRef = string;

/** Every photo row (or one user's) as `<userId>/<photoId>`, in the order the store lists keys. */
async function* photoRefs(userId?: string): AsyncGenerator<{ ref: PhotoRef; id: string; uploadedAt: Date; status: string }> {
  for await (const row of photosInKeyOrder(userId)) yield { ref: `${row.userId}/${row.id}`, id: row.id, uploadedAt: row.uploadedAt, status: row.status };
}

/** Objects under `prefix`, with the photo they belong to (`originals/<u>/<p>`, `thumbnails/<u>/<p>/v<version>/<size>.webp`). */
async function* objectRefs(prefix: string, userId?: string): AsyncGenerator<{ ref: PhotoRef; key: string; lastModified: Date }> {
  for await (const object of listObjects(userId ? `${prefix}${userId}/` : prefix)) {
    const [userId, photoId] = object.key.slice(prefix.length).split("/");
    yield { ref: `${userId}/${photoId}`, key: object.key, lastModified: object.lastModified };
  }
}

/**
 * Walks the rows and the objects under `prefix` side by side, both in key order (memory stays at a
 * page whatever the library size), calling back for objects with no row and rows with no object.
 */
async function mergeRowsWithObjects(
  kind: "originals" | "thumbnails",
  userId: string | undefined,
  onOrphanObject: (key: string, lastModified: Date) => Promise<void>,
  onRowWithoutObject: (row: { id: string; uploadedAt: Date; status: string }) => Promise<void>,
) {
  const rows = photoRefs(userId);
  const objects = objectRefs(`${kind}/`, userId);
  let row = await rows.next();
  let object = await objects.next();
  while (!row.done || !object.done) {
    if (object.done || (!row.done && row.value.ref < object.value.ref)) {
      await onRowWithoutObject(row.value!);
      row = await rows.next();
    } else if (row.done || object.value.ref < row.value.ref) {
      await onOrphanObject(object.value.key, object.value.lastModified);
      object = await objects.next();
    } else {
      // Matched: the next object may belong to the same photo (three thumbnails), so keep the row.
      const ref = object.value.ref;
      object = await objects.next();
      if (object.done || object.value.ref !== ref) row = await rows.next();
    }
  }
}

/**
 * The nightly repair: objects in the store with no photo row (left by a crash or a failed
 * delete) are deleted once a day old; photos whose original is gone from the store are marked
 * failed, so the library says so instead of showing a broken tile. `userId` limits it to one user.
 */
export async function cleanOrphans({ now = new Date(), userId }: { now?: Date; userId?: string } = {}): Promise<{
  deletedObjects: number;
  missingOriginals: number;
}> {
  const cutoff = now.getTime() - MIN_AGE_MS;
  let pending: string[] = [];
  let deletedObjects = 0;
  let missingOriginals = 0;
  const flush = async () => {
    await deleteObjects(pending);
    deletedObjects += pending.length;
    pending = [];
  };
  const collectOrphan = async (key: string, lastModified: Date) => {
    if (lastModified.getTime() > cutoff) return;
    pending.push(key);
    if (pending.length >= DELETE_BATCH) await flush();
  };

  await mergeRowsWithObjects("originals", userId, collectOrphan, async (row) => {
    if (row.status === "failed" || row.uploadedAt.getTime() > cutoff) return;
    await markPhotoFailed(row.id, "The original is missing from the store.", { alsoIfReady: true });
    missingOriginals++;
  });
  // Photos still processing or failed have no thumbnails yet: only objects are of interest here.
  await mergeRowsWithObjects("thumbnails", userId, collectOrphan, async () => {});
  await flush();
  if (deletedObjects || missingOriginals) logger.info({ deletedObjects, missingOriginals }, "orphans cleaned");
  return { deletedObjects, missingOriginals };
}
