import { UnrecoverableError, type Job } from "bullmq";
import { generateThumbnails } from "@/lib/photos/generate-thumbnails";
import { markPhotoFailed } from "@/lib/photos/photo-repository";
import { UndecodableImageError } from "@/lib/photos/render-thumbnails";
import type { JobPayload } from "@/lib/queue/jobs";

/** Retries (with backoff) what may pass, such as a store hiccup; an undecodable image fails at once. */
export async function generateThumbnailsJob(job: Job<JobPayload<"generate-thumbnails">>) {
  const { photoId } = job.data;
  try {
    return { generated: await generateThumbnails(photoId) };
  } catch (error) {
    const unrecoverable = error instanceof UndecodableImageError;
    const lastAttempt = job.attemptsMade + 1 >= (job.opts.attempts ?? 1);
    if (unrecoverable || lastAttempt) await markPhotoFailed(photoId, (error as Error).message);
    throw unrecoverable ? new UnrecoverableError((error as Error).message) : error;
  }
}
