import { DelayedError, UnrecoverableError, type Job } from "bullmq";
import { markPhotoFailed } from "@/lib/photos/photo-repository";

/**
 * Runs a photo's or video's job: what may pass (a store hiccup) is retried with backoff; an error
 * `isUnrecoverable` says retrying will not mend (an undecodable file) fails at once. Either way the
 * photo is marked failed with the reason once no attempt is left. A job that moved itself to
 * the delayed set (DelayedError) is waiting, not failing.
 */
export async function settlePhotoJob<T>(job: Job<{ photoId: string }>, work: () => Promise<T>, isUnrecoverable: (error: unknown) => boolean): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (error instanceof DelayedError) throw error;
    const unrecoverable = isUnrecoverable(error);
    const lastAttempt = job.attemptsMade + 1 >= (job.opts.attempts ?? 1);
    if (unrecoverable || lastAttempt) await markPhotoFailed(job.data.photoId, (error as Error).message);
    throw unrecoverable ? new UnrecoverableError((error as Error).message) : error;
  }
}
