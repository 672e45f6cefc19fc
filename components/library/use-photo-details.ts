import { useEffect, useState } from "react";
import { ApiRequestError } from "@/components/api-client";
import type { LibraryStore } from "@/components/library/library-store";
import { fetchPhoto } from "@/components/library/photos-api";
import type { Photo } from "@/lib/contract/photos";

/**
 * The photo the viewer shows: the grid's copy, or (opened by its address before the grid had
 * loaded it) one asked of the API; `loadError` says why there is none.
 */
export function usePhotoDetails(store: LibraryStore, photoId: string): { photo: Photo | null; loadError: string | null } {
  const located = store.locate(photoId)?.photo;
  const [fetched, setFetched] = useState<{ id: string; photo: Photo | null; error: string | null } | null>(null);

  useEffect(() => {
    if (located) return;
    const controller = new AbortController();
    fetchPhoto(photoId, controller.signal).then(
      (photo) => setFetched({ id: photoId, photo, error: null }),
      (error: unknown) => {
        if ((error as Error).name === "AbortError") return;
        const message =
          error instanceof ApiRequestError && error.status === 404
            ? "This photo is not in your library (it may have been deleted)."
            : error instanceof Error
              ? error.message
              : "The photo could not be loaded.";
        setFetched({ id: photoId, photo: null, error: message });
      },
    );
    return () => controller.abort();
  }, [photoId, located]);

  return {
    photo: located ?? (fetched?.id === photoId ? fetched.photo : null),
    loadError: !located && fetched?.id === photoId ? fetched.error : null,
  };
}
