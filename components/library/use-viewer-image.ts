import { useEffect, useState } from "react";
import { fetchOriginalUrl } from "@/components/library/photos-api";
import type { Photo } from "@/lib/contract/photos";

/** The image on the viewer's stage: a thumbnail size, or the original. */
interface ViewerImage {
  photoId: string;
  src: string;
  kind: "medium" | "large" | "original";
}

/** Where asking for the original stands, for the photo it was asked for. */
interface OriginalRequest {
  photoId: string;
  state: "loading" | "shown" | "failed";
  message?: string;
}

/**
 * Which image the viewer shows: the medium thumbnail at once, the large one once it is decoded (so
 * the swap never flashes), the original when asked for (back to the large one where the browser
 * cannot display it).
 */
export function useViewerImage(photoId: string, photo: Photo | null) {
  const [shown, setShown] = useState<ViewerImage | null>(null);
  const [original, setOriginal] = useState<OriginalRequest | null>(null);

  const large = photo?.thumbnails?.large;
  useEffect(() => {
    if (!large) return;
    let cancelled = false;
    const image = new Image();
    image.crossOrigin = "anonymous"; // like the <img> it warms, or the browser fetches it twice
    image.decoding = "async";
    image.src = large;
    image
      .decode()
      .then(() => {
        if (!cancelled) setShown((current) => (current?.photoId === photoId && current.kind === "original" ? current : { photoId, src: large, kind: "large" }));
      })
      .catch(() => {});
    return () => {
      cancelled = true;
    };
  }, [large, photoId]);

  const medium = photo?.thumbnails?.medium;
  const current: ViewerImage | null = shown?.photoId === photoId ? shown : medium ? { photoId, src: medium, kind: "medium" } : null;
  const originalRequest = original?.photoId === photoId ? original : null;

  const viewOriginal = async () => {
    if (!photo || (shown?.photoId === photo.id && shown.kind === "original")) return;
    if (original?.photoId === photo.id && original.state === "loading") return;
    setOriginal({ photoId: photo.id, state: "loading" });
    try {
      const url = await fetchOriginalUrl(photo.id);
      setShown({ photoId: photo.id, src: url, kind: "original" });
    } catch (error) {
      setOriginal({ photoId: photo.id, state: "failed", message: (error as Error).message });
    }
  };

  const onImageLoad = () => {
    if (current?.kind === "original") setOriginal({ photoId, state: "shown" });
  };

  const onImageError = () => {
    if (current?.kind !== "original" || !photo) return;
    setShown(large ? { photoId, src: large, kind: "large" } : null);
    setOriginal({
      photoId,
      state: "failed",
      message: `This browser cannot ${photo.kind === "video" ? "play" : "display"} the original (${photo.contentType}). Download it to open it in another app.`,
    });
  };

  return { current, original: originalRequest, viewOriginal, onImageLoad, onImageError };
}
