import type { Job } from "bullmq";
import { regenerateOutdatedThumbnails } from "@/lib/photos/regenerate-thumbnails";
import { THUMBNAIL_VERSION } from "@/lib/photos/render-thumbnails";
import type { JobPayload } from "@/lib/queue/jobs";

/** A worker still on older code (a rolling deployment) leaves a newer version's walk alone. */
export async function regenerateThumbnailsJob(job: Job<JobPayload<"regenerate-thumbnails">>) {
  if (job.data.version !== THUMBNAIL_VERSION) return { skipped: `made for version ${job.data.version}` };
  return { queued: await regenerateOutdatedThumbnails() };
}
