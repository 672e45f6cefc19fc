import { uploadFieldsSchema } from "@/lib/contract/photos";
import { badRequest, serviceUnavailable } from "@/lib/errors";
import { logger } from "@/lib/logger";
import { countMetric } from "@/lib/metrics";
import { findPhotoBySha256, insertPhoto, type PhotoRow } from "@/lib/photos/photo-repository";
import { enqueueThumbnails } from "@/lib/queue";
import { deleteObjects, objectKeys } from "@/lib/storage";

/** The fields a client may send with an original, whichever way it uploads: 400 when one is malformed. */
export function parseUploadFields(fields: Record<string, string | null | undefined>) {
  const parsed = uploadFieldsSchema.safeParse(fields);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0]!;
  const code = issue.path[0] === "sha256" ? "invalid_sha256" : "bad_request";
  throw badRequest(`${String(issue.path[0])} ${issue.message}.`, code);
}

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
 * the fields and the client's hash, records the photo as `processing` and queues its thumbnails. A refused or
 * duplicate upload has its object removed; a duplicate answers with the photo the user already has.
 */
export async function recordPhoto(
  userId: string,
  photoId: string,
  stored: StoredOriginal,
  rawFields: Record<string, string | null | undefined>,
): Promise<RecordedPhoto> {
  const key = objectKeys.original(userId, photoId);
  let photo: PhotoRow | null;
  try {
    const fields = parseUploadFields(rawFields);
    if (fields.sha256 && fields.sha256 !== stored.sha256) {
      throw badRequest(`The file's SHA-256 is ${stored.sha256}, not the ${fields.sha256} that was sent.`, "sha256_mismatch");
    }
    photo = await insertPhoto({
      id: photoId,
      userId,
      filename: stored.filename,
      contentType: stored.contentType,
      size: BigInt(stored.size),
      sha256: stored.sha256,
      takenAt: new Date(fields.lastModified ?? Date.now()),
    });
  } catch (error) {
    await removeOriginal(key);
    throw error;
  }
  if (photo) {
    // The row is already `processing`: the worker's reconciler queues it once Redis is back.
    await enqueueThumbnails(photoId).catch((error) => logger.warn({ err: error, photoId }, "could not queue thumbnails; the reconciler will"));
    countMetric("uploads", "created");
    countMetric("upload_bytes", "", stored.size);
    return { photo, duplicate: false };
  }

  const existing = await findPhotoBySha256(userId, stored.sha256);
  // The same upload recorded by a concurrent finish (a resumable upload settled twice): it is this photo.
  if (existing?.id === photoId) return { photo: existing, duplicate: false };
  await removeOriginal(key);
  if (!existing) throw serviceUnavailable("The library changed while the photo was being recorded. Send it again.");
  countMetric("uploads", "duplicate");
  return { photo: existing, duplicate: true };
}
