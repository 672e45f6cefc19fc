import { db, Prisma, type Photo } from "@/lib/db";
import { decodeCursor, encodeCursor, type Cursor } from "@/lib/photos/cursor";
import { toPhotoRecord, type PhotoRecord } from "@/lib/photos/photo-view";
import { readRecentPhotos, type CachedPage } from "@/lib/photos/recent-photos-cache";

export const MAX_PAGE_SIZE = 500;
export const DEFAULT_PAGE_SIZE = 60;

const photoColumns = Prisma.sql`
  id, user_id AS "userId", filename, content_type AS "contentType", size, sha256,
  taken_at AS "takenAt", taken_at_offset AS "takenAtOffset", uploaded_at AS "uploadedAt",
  width, height, status, error, thumbhash, thumbnail_keys AS "thumbnailKeys"`;

/**
 * One page in (takenAt desc, id desc) order. The row comparison lets Postgres start the scan of
 * photos_user_id_taken_at_id_idx at the cursor, so a deep page costs what the first one does.
 */
async function queryPage(userId: string, limit: number, after: Cursor | null): Promise<CachedPage> {
  const position = after ? Prisma.sql`AND (taken_at, id) < (${after.takenAt}, ${after.id}::uuid)` : Prisma.empty;
  const rows = await db.$queryRaw<Photo[]>`
    SELECT ${photoColumns} FROM photos
    WHERE user_id = ${userId}::uuid ${position}
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
}

/** The first page comes from the recent-photos cache; later pages straight from Postgres. */
export async function listPhotos({ userId, limit, cursor }: ListPhotosInput): Promise<CachedPage & { cache?: string }> {
  if (cursor) return queryPage(userId, limit, decodeCursor(cursor));
  return readRecentPhotos(userId, limit, () => queryPage(userId, limit, null));
}

export type { PhotoRecord };
