import type { Job } from "bullmq";
import { withLogContext } from "@/lib/logger";
import { jobDefinitions, type JobName } from "@/lib/queue/jobs";
import { cleanOrphansJob } from "@/workers/jobs/clean-orphans";
import { deletePhotoObjectsJob } from "@/workers/jobs/delete-photo-objects";
import { generateThumbnailsJob } from "@/workers/jobs/generate-thumbnails";
import { processVideoJob } from "@/workers/jobs/process-video";
import { purgeTrashJob } from "@/workers/jobs/purge-trash";
import { reconcileProcessingJob } from "@/workers/jobs/reconcile-processing";
import { regenerateThumbnailsJob } from "@/workers/jobs/regenerate-thumbnails";
import { scrubOriginalsJob } from "@/workers/jobs/scrub-originals";
import { sweepResumableUploadsJob } from "@/workers/jobs/sweep-resumable-uploads";

/** One handler per job name; the `satisfies` makes a job without a handler a type error. */
const handlers = {
  "generate-thumbnails": generateThumbnailsJob,
  "process-video": processVideoJob,
  "delete-photo-objects": deletePhotoObjectsJob,
  "reconcile-processing": reconcileProcessingJob,
  "sweep-resumable-uploads": sweepResumableUploadsJob,
  "clean-orphans": cleanOrphansJob,
  "scrub-originals": scrubOriginalsJob,
  "purge-trash": purgeTrashJob,
  "regenerate-thumbnails": regenerateThumbnailsJob,
} satisfies Record<JobName, (job: Job, token?: string) => Promise<unknown>>;

/** Runs a job with its name, id and the request id that queued it on every log line it writes; `token` is its lock's. */
export async function processJob(job: Job, token?: string): Promise<unknown> {
  const name = job.name as JobName;
  const definition = jobDefinitions[name];
  if (!definition) throw new Error(`Unknown job "${job.name}"`);
  job.data = definition.parse(job.data);
  return withLogContext(jobLogFields(job), () => handlers[name](job as never, token));
}

export const jobLogFields = (job: Job) => ({ job: job.name, jobId: job.id, requestId: (job.data as { requestId?: string }).requestId });
