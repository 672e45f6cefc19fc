import { useSearchParams } from "next/navigation";
import { useCallback, useEffect, useRef, type RefObject } from "react";
import type { PhotoGridHandle } from "@/components/library/photo-grid";

/** History entries the viewer pushed: closing it goes back instead of adding another entry. */
const VIEWER_STATE = "photoViewer";

function viewerUrl(id: string | null): string {
  const url = new URL(window.location.href);
  if (id) url.searchParams.set("photo", id);
  else url.searchParams.delete("photo");
  return `${url.pathname}${url.search}${url.hash}`;
}

/**
 * The viewer lives in the address (?photo=<id>), so reload and Back work: the photo shown, and
 * opening, moving and closing through the history. On close, focus goes back to the tile of the
 * last photo shown.
 */
export function useViewerAddress(gridRef: RefObject<PhotoGridHandle | null>) {
  const photoId = useSearchParams().get("photo");

  const openPhoto = useCallback((id: string) => {
    window.history.pushState({ [VIEWER_STATE]: true }, "", viewerUrl(id));
  }, []);
  const showPhoto = useCallback((id: string) => {
    // Only our own key: Next.js adds its router state, and skips its URL sync for states that already carry it.
    window.history.replaceState({ [VIEWER_STATE]: Boolean(window.history.state?.[VIEWER_STATE]) }, "", viewerUrl(id));
  }, []);
  const closeViewer = useCallback(() => {
    if (window.history.state?.[VIEWER_STATE]) window.history.back();
    else window.history.replaceState(null, "", viewerUrl(null));
  }, []);

  const lastShown = useRef<string | null>(null);
  useEffect(() => {
    if (photoId) {
      lastShown.current = photoId;
      return;
    }
    const id = lastShown.current;
    lastShown.current = null;
    if (id) gridRef.current?.focusPhoto(id);
  }, [photoId, gridRef]);

  return { photoId, openPhoto, showPhoto, closeViewer };
}
