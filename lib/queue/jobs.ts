import { z } from "zod";

export const PHOTO_QUEUE = "photos";
/** Videos' jobs, on a queue of their own: a backlog of long clips never delays photos' thumbnails. */
export const VIDEO_QUEUE = "videos";
export type QueueName = typeof PHOTO_QUEUE | typeof VIDEO_QUEUE;

/** A job's payload; `requestId` names the request that queued it, for the worker's log lines. */
const payload = <Shape extends z.ZodRawShape>(shape: Shape) => z.object({ ...shape, requestId: z.string().max(64).optional() });

/** Every job the worker runs: its name and the payload it accepts. Handlers live in workers/jobs/. */
export const jobDefinitions = {
  "generate-thumbnails": payload({ photoId: z.uuid() }),
  "process-video": payload({ photoId: z.uuid() }),
  "delete-photo-objects": payload({ userId: z.uuid(), photoId: z.uuid() }),
  "reconcile-processing": payload({}),
  "sweep-resumable-uploads": payload({}),
  "clean-orphans": payload({}),
  "scrub-originals": payload({}),
  "purge-trash": payload({}),
  "regenerate-thumbnails": payload({ version: z.number().int().positive() }),
} as const;

export type JobName = keyof typeof jobDefinitions;
export type JobPayload<N extends JobName> = z.infer<(typeof jobDefinitions)[N]>;

/** The queue a job goes on: every job but a video's runs on the photo queue. */
export const queueOfJob = (name: JobName): QueueName => (name === "process-video" ? VIDEO_QUEUE : PHOTO_QUEUE);

export const jobNames = Object.keys(jobDefinitions) as JobName[];
