import { LRUCache } from "lru-cache";
import type { MediaKind, Photo, ThumbnailSize } from "@/lib/contract/photos";
import { env } from "@/lib/env";
import type { PhotoRow, PhotoStatus } from "@/lib/photos/photo-repository";
import { signedGetUrl } from "@/lib/storage";

/** A photo as kept in the recent-photos cache: the row as plain JSON, no signed URLs (those expire). */
export interface CachedPhoto {
  id: string;
  userId: string;
  filename: string;
  kind: MediaKind;
  contentType: string;
  size: number;
  sha256: string;
  takenAt: string;
  /** The UTC offset the camera recorded ("+02:00"); null when takenAt is its wall-clock time as UTC. */
  takenAtOffset: string | null;
  uploadedAt: string;
  width: number | null;
  height: number | null;
  status: PhotoStatus;
  error: string | null;
  thumbhash: string | null;
  thumbnailKeys: Record<ThumbnailSize, string> | null;
  durationMs: number | null;
  playbackKey: string | null;
  motionKey: string | null;
}

export function toCachedPhoto(photo: PhotoRow): CachedPhoto {
  return {
    id: photo.id,
    userId: photo.userId,
    filename: photo.filename,
    kind: photo.kind,
    contentType: photo.contentType,
    size: Number(photo.size),
    sha256: photo.sha256,
    takenAt: photo.takenAt.toISOString(),
    takenAtOffset: photo.takenAtOffset,
    uploadedAt: photo.uploadedAt.toISOString(),
    width: photo.width,
    height: photo.height,
    status: photo.status,
    error: photo.error,
    thumbhash: photo.thumbhash,
    thumbnailKeys: photo.thumbnailKeys as CachedPhoto["thumbnailKeys"],
    durationMs: photo.durationMs,
    playbackKey: photo.playbackKey,
    motionKey: photo.motionKey,
  };
}

/**
 * Thumbnail URLs are signed as of the start of the current hour and stay valid for that hour plus
 * SIGNED_URL_TTL_SECONDS: the same thumbnail keeps the same URL for an hour, so browsers cache it,
 * and every URL handed out is still valid for at least SIGNED_URL_TTL_SECONDS.
 */
const THUMBNAIL_URL_WINDOW_SECONDS = 3600;

function thumbnailSigningWindow(now = Date.now()) {
  const windowMs = THUMBNAIL_URL_WINDOW_SECONDS * 1000;
  return {
    signedAt: new Date(Math.floor(now / windowMs) * windowMs),
    expiresInSeconds: THUMBNAIL_URL_WINDOW_SECONDS + env.SIGNED_URL_TTL_SECONDS,
  };
}

/** Within a window a key always signs to the same URL, so the URLs of recently shown thumbnails (and clips) are kept. */
const signedThumbnailUrls = new LRUCache<string, string>({ max: 20_000 });

async function thumbnailUrl(key: string, window: ReturnType<typeof thumbnailSigningWindow>): Promise<string> {
  const cacheKey = `${window.signedAt.getTime()}:${key}`;
  const cached = signedThumbnailUrls.get(cacheKey);
  if (cached) return cached;
  const url = await signedGetUrl(key, window);
  signedThumbnailUrls.set(cacheKey, url);
  return url;
}

/** A photo as the API answers it (lib/contract/photos.ts), its thumbnails' and clips' URLs signed. */
async function presentPhoto(cached: CachedPhoto): Promise<Photo> {
  const { userId, thumbnailKeys, playbackKey, motionKey, ...fields } = cached;
  const window = thumbnailSigningWindow();
  const sign = (key: string | null) => (key ? thumbnailUrl(key, window) : null);
  let thumbnails: Photo["thumbnails"] = null;
  if (cached.status === "ready" && thumbnailKeys) {
    const [small, medium, large] = await Promise.all((["small", "medium", "large"] as const).map((size) => thumbnailUrl(thumbnailKeys[size], window)));
    thumbnails = { small: small!, medium: medium!, large: large! };
  }
  const [playback, motion] = await Promise.all([sign(cached.status === "ready" ? playbackKey : null), sign(motionKey)]);
  return { ...fields, thumbnails, playback, motion };
}

export const presentPhotos = (photos: CachedPhoto[]) => Promise.all(photos.map(presentPhoto));

export const presentPhotoRow = (row: PhotoRow) => presentPhoto(toCachedPhoto(row));
