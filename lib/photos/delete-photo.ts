import { notFound } from "@/lib/errors";
import { logger } from "@/lib/logger";
import { deleteUserPhoto } from "@/lib/photos/photo-repository";
import { enqueuePhotoObjectsDeletion } from "@/lib/queue";
import { deleteObjects, listObjects, objectKeys } from "@/lib/storage";

/** The original and every thumbnail of a photo, whatever versions of the sizes made them. */
export async function photoObjectKeys(userId: string, photoId: string): Promise<string[]> {
  const keys = [objectKeys.original(userId, photoId)];
  for await (const { key } of listObjects(objectKeys.thumbnailPrefix(userId, photoId))) keys.push(key);
  return keys;
}

export async function deletePhotoObjects(userId: string, photoId: string): Promise<void> {
  await deleteObjects(await photoObjectKeys(userId, photoId));
}

/** Deletes the row at once; the stored objects follow by a job (inline when the queue is down). */
export async function deletePhoto(userId: string, photoId: string): Promise<void> {
  if (!(await deleteUserPhoto(userId, photoId))) throw notFound();
  try {
    await enqueuePhotoObjectsDeletion(userId, photoId);
  } catch (error) {
    logger.warn({ err: error, photoId }, "queue unavailable; deleting the photo's objects inline");
    await deletePhotoObjects(userId, photoId).catch((storeError) =>
      logger.error({ err: storeError, photoId }, "could not delete the photo's objects; orphan cleanup will"),
    );
  }
}
