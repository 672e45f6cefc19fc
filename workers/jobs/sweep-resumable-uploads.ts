import { sweepResumableUploads } from "@/lib/photos/sweep-resumable-uploads";

export async function sweepResumableUploadsJob() {
  return sweepResumableUploads();
}
