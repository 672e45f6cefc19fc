import { useEffect } from "react";
import type { LibraryStore } from "@/components/library/library-store";
import { peekNeighbour } from "@/components/library/viewer-navigation";
import type { Photo } from "@/lib/contract/photos";

/** Warms the neighbours' medium thumbnails so the next photo appears at once. */
export function usePreloadNeighbours(store: LibraryStore, photo: Photo | null) {
  useEffect(() => {
    if (!photo) return;
    for (const direction of [1, -1] as const) {
      const neighbour = peekNeighbour(store, photo.id, direction);
      if (!neighbour?.thumbnails) continue;
      const image = new Image();
      image.crossOrigin = "anonymous";
      image.src = neighbour.thumbnails.medium;
    }
  }, [photo, store]);
}
