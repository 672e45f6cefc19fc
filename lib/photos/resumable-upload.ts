import { S3Store, type Options as S3StoreOptions } from "@tus/s3-store";
import { isRefusal } from "@/lib/errors";
import { digestingBytes, readMediaHead } from "@/lib/photos/inspect-original";
import { findPhotoById } from "@/lib/photos/photo-repository";
import { recordPhoto, type RecordedPhoto, type StoredOriginal } from "@/lib/photos/record-photo";
import { sanitizeFilename } from "@/lib/photos/sanitize-filename";
import { bucket, copyObject, deleteObjects, getObjectStream, objectKeys, s3Config } from "@/lib/storage";

/*
 * Resumable uploads in the store: where their bytes go and how a completed one becomes a photo.
 * The tus protocol itself (requests, responses) is the HTTP layer's: lib/api/resumable-uploads.ts.
 */

/** A dropped connection loses at most the part being sent: S3's smallest part size keeps that small. */
const RESUMABLE_PART_BYTES = 5 * 1024 * 1024;
export const RESUMABLE_UPLOAD_EXPIRY_MS = 24 * 3600 * 1000;

/** What a client sent in tus's Upload-Metadata, decoded. */
type UploadMetadata = Record<string, string | null> | undefined;

/*
 * An upload's id in the store is `uploads/<userId>/<photoId>`, made by the server; its URL carries
 * the photoId alone, and the userId is always the authenticated user's. So another user's URL
 * names an upload that does not exist for this user (404), and nothing a client sends reaches a key.
 */
export const photoIdOf = (uploadKey: string) => uploadKey.slice(uploadKey.lastIndexOf("/") + 1);

/** No cache of uploads' info: the web processes and the worker's sweep must all see the store as it is. */
const noInfoCache: NonNullable<S3StoreOptions["cache"]> = {
  get: async () => undefined,
  set: async () => {},
  delete: async () => {},
  list: async () => [],
};

export const uploadStore = new S3Store({
  partSize: RESUMABLE_PART_BYTES,
  expirationPeriodInMilliseconds: RESUMABLE_UPLOAD_EXPIRY_MS,
  useTags: false, // expired uploads are removed by the worker's sweep, not a bucket lifecycle rule
  cache: noInfoCache,
  s3ClientConfig: { bucket, ...s3Config },
});

/** Removes every object of an upload: its multipart upload when incomplete, its bytes, `.info` and `.part`. */
export async function discardUpload(uploadKey: string): Promise<void> {
  // A completed upload has no multipart upload left to abort: remove() then says "not found".
  await uploadStore.remove(uploadKey).catch(() => {});
  await deleteObjects([uploadKey, `${uploadKey}.info`, `${uploadKey}.part`]);
}

async function inspectStoredUpload(uploadKey: string, filename: string | undefined): Promise<StoredOriginal> {
  const body = await getObjectStream(uploadKey);
  try {
    const chunks = body[Symbol.asyncIterator]() as AsyncIterator<Buffer>;
    const { head, contentType } = await readMediaHead(chunks);
    const { bytes, digest } = digestingBytes(head, chunks);
    while (!(await bytes.next()).done);
    return { filename: sanitizeFilename(filename), contentType, ...digest() };
  } finally {
    body.destroy();
  }
}

/** The upload fields (as in the plain upload) a client may send in Upload-Metadata. */
export const uploadFieldsOf = (metadata: UploadMetadata) => ({
  sha256: metadata?.sha256 ?? undefined,
  lastModified: metadata?.lastModified ?? undefined,
});

/**
 * Turns a completed upload into a photo, like the end of `POST /api/v1/photos`: hashes and sniffs
 * the stored bytes (streamed back from the store), copies them to the original's key, records the
 * photo (dedup, the client's sha256) and removes the upload's bytes. Idempotent: a retry after a
 * crash finds the photo already recorded. A refusal removes everything of the upload; any other
 * failure (the database down) leaves it for a retry or the sweep.
 */
export async function finishResumableUpload(userId: string, photoId: string, metadata: UploadMetadata): Promise<RecordedPhoto> {
  const uploadKey = objectKeys.resumableUpload(userId, photoId);
  const recorded = await findPhotoById(photoId);
  if (recorded) {
    await deleteObjects([uploadKey]);
    return { photo: recorded, duplicate: false };
  }
  try {
    const stored = await inspectStoredUpload(uploadKey, metadata?.filename ?? undefined);
    await copyObject(uploadKey, objectKeys.original(userId, photoId), stored.contentType);
    const result = await recordPhoto(userId, photoId, stored, uploadFieldsOf(metadata));
    await deleteObjects([uploadKey]);
    return result;
  } catch (error) {
    if (isRefusal(error)) await discardUpload(uploadKey);
    throw error;
  }
}
