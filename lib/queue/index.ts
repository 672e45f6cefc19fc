import "server-only";
import { Queue, type JobsOptions } from "bullmq";
import { env } from "@/lib/env";
import { currentRequestId } from "@/lib/logger";
import { createRedisConnection } from "@/lib/redis";
import { withTimeout } from "@/lib/timeout";
import type { MediaKind } from "@/lib/generated/prisma/client";
import { jobDefinitions, PHOTO_QUEUE, queueOfJob, VIDEO_QUEUE, type JobName, type JobPayload, type QueueName } from "@/lib/queue/jobs";

const defaultJobOptions: JobsOptions = {
  attempts: 3,
  backoff: { type: "exponential", delay: 2000 },
  removeOnComplete: true,
  removeOnFail: { age: 7 * 24 * 3600 },
};

const globalForQueue = globalThis as unknown as { queues?: Partial<Record<QueueName, Queue>> };

export function queue(name: QueueName): Queue {
  const queues = (globalForQueue.queues ??= {});
  queues[name] ??= new Queue(name, { connection: createRedisConnection("client"), prefix: env.REDIS_PREFIX, defaultJobOptions });
  return queues[name];
}

export const photoQueue = () => queue(PHOTO_QUEUE);
export const videoQueue = () => queue(VIDEO_QUEUE);
export const QUEUE_NAMES: QueueName[] = [PHOTO_QUEUE, VIDEO_QUEUE];

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
  await withTimeout(queue(queueOfJob(name)).add(name, data, { jobId }), ENQUEUE_TIMEOUT_MS, `Redis did not accept the ${name} job in time`);
}

/** What a photo's thumbnails are made by: a video's job (poster, playback rendition) runs on the video queue. */
export interface MediaRef {
  id: string;
  kind: MediaKind;
}

const thumbnailJobOf = (photo: MediaRef) => (photo.kind === "video" ? "process-video" : "generate-thumbnails");

/** The queue a photo's thumbnail job is on, by its kind. */
export const thumbnailQueueOf = (photo: MediaRef) => queue(queueOfJob(thumbnailJobOf(photo)));

export const thumbnailJobId = (photoId: string) => `thumbnails-${photoId}`;

export function enqueueThumbnails(photo: MediaRef): Promise<void> {
  return enqueue(thumbnailJobOf(photo), { photoId: photo.id }, thumbnailJobId(photo.id));
}

/**
 * Queues a photo's thumbnails though a job of the same id ran before: a finished job is kept (a
 * failed one a week), and with it the new job would be a no-op.
 */
export async function enqueueThumbnailsAgain(photo: MediaRef): Promise<void> {
  const previous = await thumbnailQueueOf(photo).getJob(thumbnailJobId(photo.id));
  if (previous && ["failed", "completed"].includes(await previous.getState())) await previous.remove();
  await enqueueThumbnails(photo);
}

/** BullMQ runs jobs with no priority first: remade thumbnails wait behind every new upload's. */
const REMAKE_PRIORITY = 100;

/** Queues new thumbnails for photos that are ready already (made with older sizes), behind new uploads, each on its kind's queue. */
export async function enqueueThumbnailRemakes(photos: MediaRef[]): Promise<void> {
  const byQueue = Map.groupBy(photos, (photo) => queueOfJob(thumbnailJobOf(photo)));
  const added = [...byQueue].map(([name, group]) =>
    queue(name).addBulk(
      group.map((photo) => {
        const job = thumbnailJobOf(photo);
        return { name: job, data: jobData(job, { photoId: photo.id }), opts: { jobId: thumbnailJobId(photo.id), priority: REMAKE_PRIORITY } };
      }),
    ),
  );
  await withTimeout(Promise.all(added), ENQUEUE_TIMEOUT_MS, "Redis did not accept the thumbnail jobs in time");
}

export function enqueuePhotoObjectsDeletion(userId: string, photoId: string): Promise<void> {
  return enqueue("delete-photo-objects", { userId, photoId }, `delete-${photoId}`);
}
