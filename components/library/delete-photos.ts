import { ApiRequestError } from "@/components/api-client";
import type { LibraryStore } from "@/components/library/library-store";
import { deletePhoto } from "@/components/library/photos-api";

interface DeleteResult {
  deleted: string[];
  failed: { id: string; message: string }[];
}

/**
 * Deletes photos, which moves them to the trash (4 at a time), reporting how many are done, then takes the deleted ones out of the
 * grid at once (the counts are read again shortly after). Resolves with those that failed and why.
 */
export async function deletePhotos(store: LibraryStore, ids: string[], onProgress?: (done: number) => void): Promise<DeleteResult> {
  const deleted: string[] = [];
  const failed: DeleteResult["failed"] = [];
  let next = 0;
  const worker = async () => {
    while (next < ids.length) {
      const id = ids[next++]!;
      try {
        await deletePhoto(id);
        deleted.push(id);
      } catch (error) {
        // Already gone is what was asked for.
        if (error instanceof ApiRequestError && error.status === 404) deleted.push(id);
        else failed.push({ id, message: (error as Error).message });
      }
      onProgress?.(deleted.length + failed.length);
    }
  };
  await Promise.all(Array.from({ length: Math.min(4, ids.length) }, worker));
  if (deleted.length) store.removeLocally(deleted);
  return { deleted, failed };
}
