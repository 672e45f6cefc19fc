import type { Photo } from "@/lib/contract/photos";

/** A ready photo as the API returns it, taken at `takenAt` (and the camera's UTC offset, if any). */
export function photo(id: string, takenAt: string, takenAtOffset: string | null = null): Photo {
  return {
    id,
    filename: `${id}.jpg`,
    kind: "photo",
    contentType: "image/jpeg",
    size: 1000,
    sha256: "0".repeat(64),
    takenAt,
    takenAtOffset,
    uploadedAt: takenAt,
    width: 4,
    height: 3,
    status: "ready",
    error: null,
    thumbhash: null,
    thumbnails: null,
    durationMs: null,
    playback: null,
    motion: null,
  };
}
