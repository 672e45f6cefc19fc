import { z } from "zod";

export const PHOTO_QUEUE = "photos";

/** Every job the worker runs: its name and the payload it accepts. Handlers live in workers/jobs/. */
export const jobDefinitions = {
  "generate-thumbnails": z.object({ photoId: z.uuid() }),
  "delete-photo-objects": z.object({ userId: z.uuid(), photoId: z.uuid() }),
  "reconcile-processing": z.object({}),
  "sweep-resumable-uploads": z.object({}),
  "clean-orphans": z.object({}),
} as const;

export type JobName = keyof typeof jobDefinitions;
export type JobPayload<N extends JobName> = z.infer<(typeof jobDefinitions)[N]>;

export const jobNames = Object.keys(jobDefinitions) as JobName[];
