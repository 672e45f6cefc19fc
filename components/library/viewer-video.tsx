"use client";

import type { Photo } from "@/lib/contract/photos";

/**
 * A video on the viewer's stage, with the browser's own controls. `src` is a signed URL straight
 * from the store, which answers the range requests seeking makes. The element takes the video's
 * shape within the stage, so swipes on the bars beside it still move through the library (those
 * on the video are its controls').
 */
export function ViewerVideo({
  photo,
  src,
  onLoad,
  onError,
}: {
  photo: Photo;
  src: string;
  onLoad: () => void;
  onError: () => void;
}) {
  const ratio = photo.width && photo.height ? photo.width / photo.height : null;
  return (
    <div className="absolute inset-0 flex items-center justify-center [container-type:size]">
      <video
        src={src}
        poster={photo.thumbnails?.large ?? photo.thumbnails?.medium}
        controls
        playsInline
        preload="metadata"
        aria-label={`Video ${photo.filename}`}
        data-testid="viewer-video"
        onLoadedData={onLoad}
        onError={onError}
        className="max-h-full max-w-full"
        style={ratio ? { aspectRatio: String(ratio), width: `min(100cqw, ${ratio} * 100cqh)` } : undefined}
      />
    </div>
  );
}
