import { db, Prisma, type Photo } from "@/lib/db";
import { decodeCursor, encodeCursor, type Cursor } from "@/lib/photos/cursor";
import { toPhotoRecord, type PhotoRecord } from "@/lib/photos/photo-view";
import { readThroughUserCache, type CacheOutcome } from "@/lib/photos/recent-photos-cache";

export const MAX_PAGE_SIZE = 500;
export const DEFAULT_PAGE_SIZE = 60;

export interface PhotoPage {
  photos: PhotoRecord[];
  nextCursor: string | null;
}

const photoColumns = Prisma.sql`
  id, user_id AS "userId", filename, content_type AS "contentType", size, sha256,
  taken_at AS "takenAt", taken_at_offset AS "takenAtOffset", uploaded_at AS "uploadedAt",
  width, height, status, error, thumbhash, thumbnail_keys AS "thumbnailKeys"`;

type PagePosition = { after: Cursor } | { before: Date } | null;

/**
 * One page in (takenAt desc, id desc) order. The row comparison lets Postgres start its scan of
 * photos_user_id_taken_at_id_idx at the position, so a deep page costs what the first one does.
 */
async function queryPage(userId: string, limit: number, position: PagePosition): Promise<PhotoPage> {
  const where =
    position === null
      ? Prisma.empty
      : "after" in position
        ? Prisma.sql`AND (taken_at, id) < (${position.after.takenAt}, ${position.after.id}::uuid)`
        : Prisma.sql`AND taken_at < ${position.before}`;
  const rows = await db.$queryRaw<Photo[]>`
    SELECT ${photoColumns} FROM photos
    WHERE user_id = ${userId}::uuid ${where}
    ORDER BY taken_at DESC, id DESC
    LIMIT ${limit + 1}`;
  const page = rows.slice(0, limit);
  const last = page.at(-1);
  return {
    photos: page.map(toPhotoRecord),
    nextCursor: rows.length > limit && last ? encodeCursor({ takenAt: last.takenAt, id: last.id }) : null,
  };
}

export interface ListPhotosInput {
  userId: string;
  limit: number;
  cursor?: string;
  /** Start at photos taken strictly before this instant (to jump to a month). */
  before?: Date;
}

/** The first page comes from the recent-photos cache; later pages straight from Postgres. */
export async function listPhotos({ userId, limit, cursor, before }: ListPhotosInput): Promise<PhotoPage & { cache?: CacheOutcome }> {
  if (cursor) return queryPage(userId, limit, { after: decodeCursor(cursor) });
  if (before) return queryPage(userId, limit, { before });
  const { value, cache } = await readThroughUserCache(userId, `page:${limit}`, () => queryPage(userId, limit, null));
  return { ...value, cache };
}

export interface MonthBucket {
  month: string;
  count: number;
}

/** Photo counts per month (UTC) of takenAt, newest first: one index-only scan of the user's rows. */
export async function listMonthBuckets(userId: string): Promise<{ buckets: MonthBucket[]; cache: CacheOutcome }> {
  const { value, cache } = await readThroughUserCache(userId, "buckets", async () => {
    const rows = await db.$queryRaw<{ month: string; count: bigint }[]>`
      SELECT to_char(date_trunc('month', taken_at AT TIME ZONE 'UTC'), 'YYYY-MM') AS month, count(*) AS count
      FROM photos WHERE user_id = ${userId}::uuid
      GROUP BY 1 ORDER BY 1 DESC`;
    return rows.map((row) => ({ month: row.month, count: Number(row.count) }));
  });
  return { buckets: value, cache };
}
