import { z } from "zod";

export const PHOTO_QUEUE = "photos";

/** A job's payload; `requestId` names the request that queued it, for the worker's log lines. */
const payload = <Shape extends z.ZodRawShape>(shape: Shape) => z.object({ ...shape, requestId: z.string().max(64).optional() });

/** Every job the worker runs: its name and the payload it accepts. Handlers live in workers/jobs/. */
export const jobDefinitions = {
  "generate-thumbnails": payload({ photoId: z.uuid() }),
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

export const jobNames = Object.keys(jobDefinitions) as JobName[];
