import { uploadFieldsSchema } from "@/lib/contract/photos";
import { badRequest, serviceUnavailable } from "@/lib/errors";
import { logger } from "@/lib/logger";
import { countMetric } from "@/lib/metrics";
import { mediaKindOf } from "@/lib/photos/inspect-original";
import { findPhotoById, findPhotoBySha256, insertPhoto, restoreUserPhotos, retryFailedPhoto, type PhotoRow } from "@/lib/photos/photo-repository";
import { enqueueThumbnails, enqueueThumbnailsAgain } from "@/lib/queue";
import { copyObject, deleteObjects, objectKeys } from "@/lib/storage";

/** The fields a client may send with an original, whichever way it uploads: 400 when one is malformed. */
export function parseUploadFields(fields: Record<string, string | null | undefined>) {
  const parsed = uploadFieldsSchema.safeParse(fields);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0]!;
  const code = issue.path[0] === "sha256" ? "invalid_sha256" : "bad_request";
  throw badRequest(`${String(issue.path[0])} ${issue.message}.`, code);
}

export const sha256Mismatch = (actual: string, sent: string) =>
  badRequest(`The file's SHA-256 is ${actual}, not the ${sent} that was sent.`, "sha256_mismatch");

export interface StoredOriginal {
  filename: string;
  contentType: string;
  size: number;
  sha256: string;
}

/** How an upload ended: a new photo, or the one the user already had with these bytes. */
export interface RecordedPhoto {
  photo: PhotoRow;
  duplicate: boolean;
}

const removeOriginal = (key: string) =>
  deleteObjects([key]).catch((error) => logger.error({ err: error, key }, "could not remove a refused upload"));

/**
 * The end of every upload, once the original is stored at `originals/<userId>/<photoId>`: checks
 * the fields and the client's hash, records the photo as `processing` and queues its thumbnails.
 * A refused or duplicate upload has its object removed, but never an original whose row may exist;
 * a duplicate answers with the photo the user already has, restores it when it was in the trash,
 * and repairs it when it had failed.
 */
export async function recordPhoto(
  userId: string,
  photoId: string,
  stored: StoredOriginal,
  rawFields: Record<string, string | null | undefined>,
): Promise<RecordedPhoto> {
  const key = objectKeys.original(userId, photoId);
  let fields: ReturnType<typeof parseUploadFields>;
  try {
    fields = parseUploadFields(rawFields);
    if (fields.sha256 && fields.sha256 !== stored.sha256) throw sha256Mismatch(stored.sha256, fields.sha256);
  } catch (refusal) {
    await removeOriginal(key);
    throw refusal;
  }

  let photo: PhotoRow | null;
  try {
    photo = await insertPhoto({
      id: photoId,
      userId,
      filename: stored.filename,
      kind: mediaKindOf(stored.contentType),
      contentType: stored.contentType,
      size: BigInt(stored.size),
      sha256: stored.sha256,
      takenAt: new Date(fields.lastModified ?? Date.now()),
    });
  } catch (error) {
    // The insert may have committed with its answer lost (a connection cut while Postgres restarts):
    // the original goes only when its row is known to be absent, else the orphan cleanup decides.
    const committed = await findPhotoById(photoId).catch(() => undefined);
    if (committed === null) await removeOriginal(key);
    if (!committed) throw error;
    photo = committed;
  }
  if (photo) {
    // The row is already `processing`: the worker's reconciler queues it once Redis is back.
    await enqueueThumbnails(photo).catch((error) => logger.warn({ err: error, photoId }, "could not queue thumbnails; the reconciler will"));
    countMetric("uploads", "created");
    countMetric("upload_bytes", "", stored.size);
    return { photo, duplicate: false };
  }

  const existing = await findPhotoBySha256(userId, stored.sha256);
  // The same upload recorded by a concurrent finish (a resumable upload settled twice): it is this photo.
  if (existing?.id === photoId) return { photo: existing, duplicate: false };
  // Sending a deleted photo again means keeping it: it leaves the trash (null when purged meanwhile).
  const kept = existing?.trashedAt ? ((await restoreUserPhotos(userId, [existing.id]))[0] ?? null) : existing;
  if (kept?.status === "failed") return repairFailedPhoto(kept, key);
  await removeOriginal(key);
  if (!kept) throw serviceUnavailable("The library changed while the photo was being recorded. Send it again.");
  countMetric("uploads", existing?.trashedAt ? "restored" : "duplicate");
  return { photo: kept, duplicate: true };
}

/**
 * The bytes of a failed photo, uploaded again (its original was missing or damaged, or its
 * thumbnails failed): they become its original, and its thumbnails are made again. Same photo,
 * same id: a backup client that found it absent from /check mends it by sending it.
 */
async function repairFailedPhoto(failed: PhotoRow, uploadedKey: string): Promise<RecordedPhoto> {
  await copyObject(uploadedKey, objectKeys.original(failed.userId, failed.id), failed.contentType);
  await removeOriginal(uploadedKey);
  const photo = (await retryFailedPhoto(failed.id)) ?? failed;
  await enqueueThumbnailsAgain(failed).catch((error) =>
    logger.warn({ err: error, photoId: failed.id }, "could not queue thumbnails; the reconciler will"),
  );
  logger.info({ photoId: failed.id }, "failed photo repaired by a new upload of its bytes");
  countMetric("uploads", "repaired");
  return { photo, duplicate: true };
}
