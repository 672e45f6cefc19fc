import type { MonthBucket } from "@/lib/contract/photos";
import { decodeCursor, encodeCursor } from "@/lib/photos/cursor";
import { toCachedPhoto, type CachedPhoto } from "@/lib/photos/photo-view";
import { countPhotosByMonth, readPhotoPage, type PagePosition } from "@/lib/photos/photo-repository";
import { readThroughUserCache, type CacheOutcome } from "@/lib/photos/recent-photos-cache";

interface CachedPhotoPage {
  photos: CachedPhoto[];
  nextCursor: string | null;
}

/** One page in (takenAt desc, id desc) order, and the cursor of the next when there is one. */
async function queryPage(userId: string, limit: number, position: PagePosition): Promise<CachedPhotoPage> {
  const rows = await readPhotoPage(userId, limit + 1, position);
  const page = rows.slice(0, limit);
  const last = page.at(-1);
  return {
    photos: page.map(toCachedPhoto),
    nextCursor: rows.length > limit && last ? encodeCursor({ at: last.takenAt, id: last.id }) : null,
  };
}

interface ListPhotosInput {
  userId: string;
  limit: number;
  cursor?: string;
  /** Start at photos taken strictly before this instant (to jump to a month). */
  before?: Date;
}

/** The first page comes from the recent-photos cache; later pages straight from Postgres. */
export async function listPhotos({ userId, limit, cursor, before }: ListPhotosInput): Promise<CachedPhotoPage & { cache?: CacheOutcome }> {
  if (cursor) return queryPage(userId, limit, { after: decodeCursor(cursor) });
  if (before) return queryPage(userId, limit, { before });
  const { value, cache } = await readThroughUserCache(userId, `page:${limit}`, () => queryPage(userId, limit, null));
  return { ...value, cache };
}

/** Photo counts per month (UTC) of takenAt, newest first, cached like the first page. */
export async function listMonthBuckets(userId: string): Promise<{ buckets: MonthBucket[]; cache: CacheOutcome }> {
  const { value, cache } = await readThroughUserCache(userId, "buckets", () => countPhotosByMonth(userId));
  return { buckets: value, cache };
}
