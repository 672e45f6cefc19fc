import { logger } from "@/lib/logger";
import { countMetric } from "@/lib/metrics";
import { deleteTrashedPhotos, trashedPhotoIdPages } from "@/lib/photos/photo-repository";
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

/** The stored objects of a deleted photo follow by a job (inline when the queue is down). */
async function deleteObjectsOfDeletedPhoto(userId: string, photoId: string): Promise<void> {
  try {
    await enqueuePhotoObjectsDeletion(userId, photoId);
  } catch (error) {
    logger.warn({ err: error, photoId }, "queue unavailable; deleting the photo's objects inline");
    await deletePhotoObjects(userId, photoId).catch((storeError) =>
      logger.error({ err: storeError, photoId }, "could not delete the photo's objects; orphan cleanup will"),
    );
  }
}

export type DeletedFor = "emptied" | "expired";

/**
 * Deletes for good those of these photos that are in the trash (of one user, trashed before a
 * cutoff, when given), Live Photo clips with their stills: the rows at once, the stored objects by
 * a job. How many were deleted, a Live Photo counting once.
 */
export async function deleteTrashedPhotosForGood(
  photoIds: string[],
  scope: { userId?: string; trashedBefore?: Date },
  reason: DeletedFor,
): Promise<number> {
  if (photoIds.length === 0) return 0;
  const deleted = await deleteTrashedPhotos(photoIds, scope);
  for (const photo of deleted) await deleteObjectsOfDeletedPhoto(photo.userId, photo.id);
  const items = deleted.filter((photo) => !photo.stillId).length;
  if (items) countMetric("trash_deleted", reason, items);
  return items;
}

/** Deletes for good every photo in the trash (of one user, trashed before a cutoff, when given), a page at a time, longest trashed first. */
export async function deleteAllTrashedForGood(scope: { userId?: string; trashedBefore?: Date }, reason: DeletedFor): Promise<number> {
  let deleted = 0;
  for await (const page of trashedPhotoIdPages(scope)) deleted += await deleteTrashedPhotosForGood(page, scope, reason);
  return deleted;
}

/** Deletes for good these photos of the user's trash, or all of it: how many were deleted. */
export const emptyTrash = (userId: string, photoIds?: string[]): Promise<number> =>
  photoIds ? deleteTrashedPhotosForGood(photoIds, { userId }, "emptied") : deleteAllTrashedForGood({ userId }, "emptied");
