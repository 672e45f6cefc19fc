import "server-only";
import { Queue, type JobsOptions } from "bullmq";
import { env } from "@/lib/env";
import { currentRequestId } from "@/lib/logger";
import { createRedisConnection } from "@/lib/redis";
import { withTimeout } from "@/lib/timeout";
import { jobDefinitions, PHOTO_QUEUE, type JobName, type JobPayload } from "@/lib/queue/jobs";

const defaultJobOptions: JobsOptions = {
  attempts: 3,
  backoff: { type: "exponential", delay: 2000 },
  removeOnComplete: true,
  removeOnFail: { age: 7 * 24 * 3600 },
};

const globalForQueue = globalThis as unknown as { photoQueue?: Queue };

export function photoQueue(): Queue {
  globalForQueue.photoQueue ??= new Queue(PHOTO_QUEUE, {
    connection: createRedisConnection("client"),
    prefix: env.REDIS_PREFIX,
    defaultJobOptions,
  });
  return globalForQueue.photoQueue;
}

/** BullMQ waits for Redis indefinitely; a request must not, so enqueueing gives up after this. */
const ENQUEUE_TIMEOUT_MS = 3000;

/** A job's checked payload, with the id of the request that queues it. */
const jobData = <N extends JobName>(name: N, payload: JobPayload<N>) => jobDefinitions[name].parse({ requestId: currentRequestId(), ...payload });

/**
 * Adds a job; `jobId` makes it idempotent: a job with that id already queued is not queued again.
 * Rejects when Redis does not answer in time (callers have a fallback: the reconciler, inline work).
 */
export async function enqueue<N extends JobName>(name: N, payload: JobPayload<N>, jobId: string): Promise<void> {
  const data = jobData(name, payload);
  await withTimeout(photoQueue().add(name, data, { jobId }), ENQUEUE_TIMEOUT_MS, `Redis did not accept the ${name} job in time`);
}

export const thumbnailJobId = (photoId: string) => `thumbnails-${photoId}`;

export function enqueueThumbnails(photoId: string): Promise<void> {
  return enqueue("generate-thumbnails", { photoId }, thumbnailJobId(photoId));
}

/**
 * Queues a photo's thumbnails though a job of the same id ran before: a finished job is kept (a
 * failed one a week), and with it the new job would be a no-op.
 */
export async function enqueueThumbnailsAgain(photoId: string): Promise<void> {
  const previous = await photoQueue().getJob(thumbnailJobId(photoId));
  if (previous && ["failed", "completed"].includes(await previous.getState())) await previous.remove();
  await enqueueThumbnails(photoId);
}

/** BullMQ runs jobs with no priority first: remade thumbnails wait behind every new upload's. */
const REMAKE_PRIORITY = 100;

/** Queues new thumbnails for photos that are ready already (made with older sizes), behind new uploads. */
export async function enqueueThumbnailRemakes(photoIds: string[]): Promise<void> {
  const jobs = photoIds.map((photoId) => ({
    name: "generate-thumbnails" as const,
    data: jobData("generate-thumbnails", { photoId }),
    opts: { jobId: thumbnailJobId(photoId), priority: REMAKE_PRIORITY },
  }));
  await withTimeout(photoQueue().addBulk(jobs), ENQUEUE_TIMEOUT_MS, "Redis did not accept the thumbnail jobs in time");
}

export function enqueuePhotoObjectsDeletion(userId: string, photoId: string): Promise<void> {
  return enqueue("delete-photo-objects", { userId, photoId }, `delete-${photoId}`);
}
