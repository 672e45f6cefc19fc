import { reconcileProcessingPhotos } from "@/lib/photos/reconcile-processing";

export async function reconcileProcessingJob() {
  return reconcileProcessingPhotos();
}
