import type { Job } from "bullmq";
import { deletePhotoObjects } from "@/lib/photos/delete-photo";
import type { JobPayload } from "@/lib/queue/jobs";

export async function deletePhotoObjectsJob(job: Job<JobPayload<"delete-photo-objects">>) {
  await deletePhotoObjects(job.data.userId, job.data.photoId);
}
