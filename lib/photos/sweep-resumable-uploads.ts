import { logger } from "@/lib/logger";
import { discardUpload, finishResumableUpload, RESUMABLE_UPLOAD_EXPIRY_MS, uploadStore } from "@/lib/photos/resumable-upload";
import { abortMultipartUpload, listMultipartUploads, listObjects } from "@/lib/storage";

const UPLOADS_PREFIX = "uploads/";
/** A completed upload younger than this may still be being finished by the request that completed it. */
const FINISH_GRACE_MS = 10 * 60_000;

/**
 * The worker's periodic clean-up of resumable uploads:
 * - aborts the multipart uploads of uploads left incomplete past their expiry, with their `.info` and `.part`;
 * - finishes completed uploads that never became a photo (the process died between the last PATCH
 *   and the row), so nothing a client finished sending is lost;
 * - removes `.info`/`.part` objects left behind by expired, terminated or finished uploads.
 */
export async function sweepResumableUploads(now = new Date()): Promise<{ expired: number; finished: number; removed: number }> {
  const expiredBefore = now.getTime() - RESUMABLE_UPLOAD_EXPIRY_MS;
  let expired = 0;
  for await (const upload of listMultipartUploads(UPLOADS_PREFIX)) {
    if (upload.initiated.getTime() >= expiredBefore) continue;
    await abortMultipartUpload(upload.key, upload.uploadId);
    await discardUpload(upload.key);
    expired++;
  }

  const objects = new Map<string, Date>();
  for await (const { key, lastModified } of listObjects(UPLOADS_PREFIX)) objects.set(key, lastModified);
  let finished = 0;
  let removed = 0;
  for (const [key, lastModified] of objects) {
    const [, userId, name] = key.split("/");
    const uploadKey = key.replace(/\.(info|part)$/, "");
    if (key === uploadKey) {
      if (lastModified.getTime() >= now.getTime() - FINISH_GRACE_MS) continue;
      try {
        const { metadata } = await uploadStore.getUpload(uploadKey);
        await finishResumableUpload(userId!, name!, metadata);
        await discardUpload(uploadKey);
        finished++;
      } catch (error) {
        logger.warn({ err: error, key }, "could not finish a completed resumable upload");
      }
    } else if (!objects.has(uploadKey) && lastModified.getTime() < expiredBefore) {
      await discardUpload(uploadKey);
      removed++;
    }
  }
  if (expired || finished || removed) logger.info({ expired, finished, removed }, "swept resumable uploads");
  return { expired, finished, removed };
}
