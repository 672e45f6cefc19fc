import type { Job } from "bullmq";
import { generateThumbnails } from "@/lib/photos/generate-thumbnails";
import { UndecodableImageError } from "@/lib/photos/render-thumbnails";
import type { JobPayload } from "@/lib/queue/jobs";
import { settlePhotoJob } from "@/workers/settle-photo-job";

/** Retries (with backoff) what may pass, such as a store hiccup; an undecodable image fails at once. */
export async function generateThumbnailsJob(job: Job<JobPayload<"generate-thumbnails">>) {
  return settlePhotoJob(job, async () => ({ generated: await generateThumbnails(job.data.photoId) }), (error) => error instanceof UndecodableImageError);
}
