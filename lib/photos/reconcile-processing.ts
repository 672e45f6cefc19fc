import { logger } from "@/lib/logger";
import { markPhotoFailed, processingPhotosUploadedBefore } from "@/lib/photos/photo-repository";
import { enqueueThumbnails, thumbnailJobId, thumbnailQueueOf } from "@/lib/queue";

/**
 * Younger rows may still be between their INSERT and their enqueue (which gives up after 3 s).
 * Queuing one of those anyway is harmless: the job id is the photo's, so it is queued once.
 */
const GRACE_MS = 15_000;

/**
 * The safety net under "nothing accepted is ever lost": a photo row is written before its job is
 * queued, so a crash or a Redis outage in between leaves a `processing` row with no job. This
 * re-queues those and settles rows whose job already failed for good.
 */
export async function reconcileProcessingPhotos(now = new Date()): Promise<{ requeued: number; failed: number }> {
  let requeued = 0;
  let failed = 0;
  for await (const row of processingPhotosUploadedBefore(new Date(now.getTime() - GRACE_MS))) {
    const job = await thumbnailQueueOf(row).getJob(thumbnailJobId(row.id));
    const state = job ? await job.getState() : "missing";
    if (state === "missing" || state === "unknown") {
      await enqueueThumbnails(row);
      requeued++;
    } else if (state === "failed") {
      await markPhotoFailed(row.id, job?.failedReason || "Thumbnail generation failed.");
      failed++;
    }
  }
  if (requeued || failed) logger.info({ requeued, failed }, "reconciled processing photos");
  return { requeued, failed };
}
