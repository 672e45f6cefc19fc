import { db, isUniqueViolation, Prisma } from "@/lib/db";
import type { Photo as PhotoRow, PhotoStatus } from "@/lib/generated/prisma/client";
import { keysetPages, keysetRows } from "@/lib/keyset-pages";
import { logger } from "@/lib/logger";
import type { Cursor } from "@/lib/photos/cursor";
import { invalidateRecentPhotos } from "@/lib/photos/recent-photos-cache";
import type { ThumbnailSize } from "@/lib/contract/photos";

/*
 * The one module that reads and writes the photos table: services never query it themselves.
 * Every write of what the grid shows drops its owner's cached grid views (the first pages and the
 * month buckets), so no caller can forget to; walks over many rows go through keysetPages.
 */

export type { PhotoRow, PhotoStatus };

/** A photo of the user's library; null when absent, another user's, or in the trash. */
export const findUserPhoto = (userId: string, photoId: string): Promise<PhotoRow | null> =>
  db.photo.findFirst({ where: { id: photoId, userId, trashedAt: null } });

/** Unscoped: for the worker and the upload's own finish, which know the id from the server, never from a client. */
export const findPhotoById = (photoId: string): Promise<PhotoRow | null> => db.photo.findUnique({ where: { id: photoId } });

export const findPhotoBySha256 = (userId: string, sha256: string): Promise<PhotoRow | null> =>
  db.photo.findUnique({ where: { userId_sha256: { userId, sha256 } } });

/**
 * Which of these hashes the user's library has, failed and trashed photos aside: sending those
 * again repairs or restores them.
 */
export async function findExistingSha256s(userId: string, hashes: string[]): Promise<string[]> {
  const rows = await db.photo.findMany({
    where: { userId, sha256: { in: hashes }, status: { not: "failed" }, trashedAt: null },
    select: { sha256: true },
  });
  return rows.map((row) => row.sha256);
}

type NewPhoto = Pick<PhotoRow, "id" | "userId" | "filename" | "kind" | "contentType" | "size" | "sha256" | "takenAt">;

/**
 * Records a photo as `processing`. Resolves to the row, or to null when the user already has these
 * bytes (the unique (user, sha256) key), whichever row won.
 */
export async function insertPhoto(photo: NewPhoto): Promise<PhotoRow | null> {
  try {
    const row = await db.photo.create({ data: photo });
    await invalidateRecentPhotos(photo.userId);
    return row;
  } catch (error) {
    if (isUniqueViolation(error)) return null;
    throw error;
  }
}

interface ReadyFields {
  width: number;
  height: number;
  thumbhash: string;
  thumbnailKeys: Record<ThumbnailSize, string>;
  thumbnailVersion: number;
  takenAt?: { date: Date; offset: string | null };
  /** Apple's content identifier of a Live Photo's still or clip. */
  contentIdentifier?: string | null;
  /** A Motion Photo's clip, extracted from the file; null when it has none that plays. */
  motionKey?: string | null;
}

interface VideoReadyFields extends ReadyFields {
  durationMs: number;
  /** What every browser plays: the playback rendition's key, or the original's when it plays as it is. */
  playbackKey: string;
  contentIdentifier: string | null;
}

/** The thumbnails exist: the photo is ready. False when the row is gone (deleted meanwhile). */
export function markPhotoReady(photo: Pick<PhotoRow, "id" | "userId">, fields: ReadyFields): Promise<boolean> {
  return markReady(photo, fields);
}

/** The poster's thumbnails and what browsers play exist: the video is ready. False when the row is gone. */
export function markVideoReady(photo: Pick<PhotoRow, "id" | "userId">, fields: VideoReadyFields): Promise<boolean> {
  return markReady(photo, fields);
}

async function markReady(photo: Pick<PhotoRow, "id" | "userId">, fields: ReadyFields | VideoReadyFields): Promise<boolean> {
  const { takenAt, ...rest } = fields;
  const { count } = await db.photo.updateMany({
    where: { id: photo.id },
    data: { status: "ready", error: null, ...rest, ...(takenAt ? { takenAt: takenAt.date, takenAtOffset: takenAt.offset } : {}) },
  });
  if (count > 0) await invalidateRecentPhotos(photo.userId);
  return count > 0;
}

/**
 * The photo stays in the library, visibly failed, with the reason. Only a `processing` photo, or
 * with `alsoIfReady` a ready one too (its original turned out to be missing).
 */
export async function markPhotoFailed(photoId: string, reason: string, { alsoIfReady = false } = {}): Promise<boolean> {
  const photo = await db.photo
    .update({
      where: { id: photoId, status: alsoIfReady ? { in: ["processing", "ready"] } : "processing" },
      data: { status: "failed", error: reason.slice(0, 1000) },
      select: { userId: true },
    })
    .catch((error) => {
      if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2025") return null;
      throw error;
    });
  if (!photo) return false;
  logger.warn({ photoId, reason }, "photo marked failed");
  await invalidateRecentPhotos(photo.userId);
  return true;
}

/** Failed photos go back to `processing`, for their thumbnails to be tried again; the count moved. */
export async function retryFailedPhotos(userId: string): Promise<number> {
  const { count } = await db.photo.updateMany({ where: { userId, status: "failed" }, data: { status: "processing", error: null } });
  if (count > 0) await invalidateRecentPhotos(userId);
  return count;
}

/** One failed photo back to `processing`, for its thumbnails to be made again; null when it was not failed. */
export async function retryFailedPhoto(photoId: string): Promise<PhotoRow | null> {
  const [photo] = await db.photo.updateManyAndReturn({ where: { id: photoId, status: "failed" }, data: { status: "processing", error: null } });
  if (!photo) return null;
  await invalidateRecentPhotos(photo.userId);
  return photo;
}

/**
 * These of the user's photos with their Live Photo partners: a still's clips, a clip's still and
 * that still's other clips. Trashing, restoring and deleting act on the pair, whichever is named.
 */
async function withLivePhotoPartners(photoIds: string[], userId?: string): Promise<string[]> {
  const named = { id: { in: photoIds } };
  const rows = await db.photo.findMany({
    where: { ...(userId ? { userId } : {}), OR: [named, { clips: { some: named } }, { still: { OR: [named, { clips: { some: named } }] } }] },
    select: { id: true },
  });
  return rows.map((row) => row.id);
}

/** Moves those of these photos that are in the user's library to the trash, with their Live Photo partners; the ids moved of those named. */
export async function trashUserPhotos(userId: string, photoIds: string[], at = new Date()): Promise<string[]> {
  const rows = await db.photo.updateManyAndReturn({
    where: { id: { in: await withLivePhotoPartners(photoIds, userId) }, userId, trashedAt: null },
    data: { trashedAt: at },
    select: { id: true },
  });
  if (rows.length > 0) await invalidateRecentPhotos(userId);
  return rows.map((row) => row.id).filter((id) => photoIds.includes(id));
}

/** Puts those of these photos that are in the user's trash back in the library, unchanged otherwise, with their Live Photo partners; the rows restored of those named. */
export async function restoreUserPhotos(userId: string, photoIds: string[]): Promise<PhotoRow[]> {
  const rows = await db.photo.updateManyAndReturn({
    where: { id: { in: await withLivePhotoPartners(photoIds, userId) }, userId, trashedAt: { not: null } },
    data: { trashedAt: null },
  });
  if (rows.length > 0) await invalidateRecentPhotos(userId);
  return rows.filter((row) => photoIds.includes(row.id));
}

/**
 * Deletes the rows of those of these photos, and of their Live Photo partners, that are still in
 * the trash (one user's, trashed before a cutoff, when given): a photo restored meanwhile stays.
 * The rows deleted. Trashed photos are in no grid view, so no cached view changes.
 */
export async function deleteTrashedPhotos(
  photoIds: string[],
  { userId, trashedBefore }: { userId?: string; trashedBefore?: Date },
): Promise<Pick<PhotoRow, "id" | "userId" | "stillId">[]> {
  return db.$queryRaw`
    DELETE FROM photos
     WHERE id = ANY(${await withLivePhotoPartners(photoIds, userId)}::uuid[]) AND trashed_at IS NOT NULL
       ${userId ? Prisma.sql`AND user_id = ${userId}::uuid` : Prisma.empty}
       ${trashedBefore ? Prisma.sql`AND trashed_at < ${trashedBefore}` : Prisma.empty}
    RETURNING id, user_id AS "userId", still_id AS "stillId"`;
}

/**
 * Pairs the user's Live Photo still and clip that share Apple's content identifier: the clip gets
 * its still (and the still's place, library or trash), the still the clip's playback key once the
 * clip is ready. Each side calls it after its identifier is written, so whichever is written
 * second pairs; calling it again changes nothing. The oldest still wins when several share one.
 */
export async function pairLivePhoto(userId: string, contentIdentifier: string): Promise<void> {
  const clipsPaired = await db.$executeRaw`
    UPDATE photos clip SET still_id = still.id, trashed_at = still.trashed_at
      FROM (SELECT id, trashed_at FROM photos
             WHERE user_id = ${userId}::uuid AND content_identifier = ${contentIdentifier} AND kind = 'photo'
             ORDER BY uploaded_at, id LIMIT 1) still
     WHERE clip.user_id = ${userId}::uuid AND clip.content_identifier = ${contentIdentifier} AND clip.kind = 'video'
       AND (clip.still_id IS DISTINCT FROM still.id OR clip.trashed_at IS DISTINCT FROM still.trashed_at)`;
  const stillsGivenMotion = await db.$executeRaw`
    UPDATE photos still SET motion_key = clip.playback_key
      FROM photos clip
     WHERE clip.still_id = still.id AND clip.user_id = ${userId}::uuid AND clip.content_identifier = ${contentIdentifier}
       AND clip.status = 'ready' AND clip.playback_key IS NOT NULL AND still.motion_key IS DISTINCT FROM clip.playback_key`;
  if (clipsPaired + stillsGivenMotion > 0) await invalidateRecentPhotos(userId);
}

/** Pages of the ids of trashed photos (one user's, trashed before a cutoff, when given), trashed longest ago first. */
export async function* trashedPhotoIdPages({ userId, trashedBefore }: { userId?: string; trashedBefore?: Date }): AsyncGenerator<string[]> {
  const pages = keysetPages<{ id: string; trashedAt: Date }>(
    (after, take) =>
      db.photo.findMany({
        where: {
          ...(userId ? { userId } : {}),
          trashedAt: trashedBefore ? { lt: trashedBefore } : { not: null },
          ...(after ? { OR: [{ trashedAt: { gt: after.trashedAt } }, { trashedAt: after.trashedAt, id: { gt: after.id } }] } : {}),
        },
        select: { id: true, trashedAt: true },
        orderBy: [{ trashedAt: "asc" }, { id: "asc" }],
        take,
      }) as Promise<{ id: string; trashedAt: Date }[]>,
  );
  for await (const page of pages) yield page.map((row) => row.id);
}

export type PagePosition = { after: Cursor } | { before: Date } | null;

const photoColumns = Prisma.sql`
  id, user_id AS "userId", filename, content_type AS "contentType", size, sha256,
  taken_at AS "takenAt", taken_at_offset AS "takenAtOffset", uploaded_at AS "uploadedAt",
  width, height, status, error, thumbhash, thumbnail_keys AS "thumbnailKeys",
  kind, duration_ms AS "durationMs", playback_key AS "playbackKey", motion_key AS "motionKey"`;

/**
 * Up to `take` of the photos of a user's library (the trash and Live Photos' clips aside) in (takenAt desc, id desc) order from a position. The row
 * comparison lets Postgres start its scan of photos_user_id_taken_at_id_idx at the position, so a
 * deep page costs what the first one does.
 */
export function readPhotoPage(userId: string, take: number, position: PagePosition): Promise<PhotoRow[]> {
  const where =
    position === null
      ? Prisma.empty
      : "after" in position
        ? Prisma.sql`AND (taken_at, id) < (${position.after.at}, ${position.after.id}::uuid)`
        : Prisma.sql`AND taken_at < ${position.before}`;
  return db.$queryRaw<PhotoRow[]>`
    SELECT ${photoColumns} FROM photos
    WHERE user_id = ${userId}::uuid AND trashed_at IS NULL AND still_id IS NULL ${where}
    ORDER BY taken_at DESC, id DESC
    LIMIT ${take}`;
}

/** Up to `take` of a user's trashed photos, newest deleted first (trashedAt desc, id desc), after a position. */
export function readTrashPage(userId: string, take: number, after: Cursor | null): Promise<(PhotoRow & { trashedAt: Date })[]> {
  return db.$queryRaw`
    SELECT ${photoColumns}, trashed_at AS "trashedAt" FROM photos
    WHERE user_id = ${userId}::uuid AND trashed_at IS NOT NULL AND still_id IS NULL
      ${after ? Prisma.sql`AND (trashed_at, id) < (${after.at}, ${after.id}::uuid)` : Prisma.empty}
    ORDER BY trashed_at DESC, id DESC
    LIMIT ${take}`;
}

/** Photo counts per month (UTC) of takenAt in a user's library (the trash and Live Photos' clips aside), newest first. */
export async function countPhotosByMonth(userId: string): Promise<{ month: string; count: number }[]> {
  const rows = await db.$queryRaw<{ month: string; count: bigint }[]>`
    SELECT to_char(date_trunc('month', taken_at AT TIME ZONE 'UTC'), 'YYYY-MM') AS month, count(*) AS count
    FROM photos WHERE user_id = ${userId}::uuid AND trashed_at IS NULL AND still_id IS NULL
    GROUP BY 1 ORDER BY 1 DESC`;
  return rows.map((row) => ({ month: row.month, count: Number(row.count) }));
}

export async function countPhotosByStatus(): Promise<Partial<Record<PhotoStatus, number>>> {
  const rows = await db.photo.groupBy({ by: ["status"], _count: { _all: true } });
  return Object.fromEntries(rows.map((row) => [row.status, row._count._all]));
}

export interface PhotoTotals {
  photos: number;
  bytes: number;
  failed: number;
  /** Failed with `damagedReason`: the scrub found the stored original damaged. */
  damaged: number;
  lastUploadAt: Date | null;
}

/** Per user with photos, in one grouped scan: how many, the originals' bytes, failed and damaged ones, the last upload. */
export async function photoTotalsByUser(damagedReason: string): Promise<Map<string, PhotoTotals>> {
  const rows = await db.$queryRaw<{ userId: string; photos: bigint; bytes: bigint; failed: bigint; damaged: bigint; lastUploadAt: Date }[]>`
    SELECT user_id AS "userId", count(*) AS photos, sum(size) AS bytes,
           count(*) FILTER (WHERE status = 'failed') AS failed,
           count(*) FILTER (WHERE status = 'failed' AND error = ${damagedReason}) AS damaged,
           max(uploaded_at) AS "lastUploadAt"
      FROM photos GROUP BY user_id`;
  return new Map(
    rows.map((row) => [
      row.userId,
      { photos: Number(row.photos), bytes: Number(row.bytes), failed: Number(row.failed), damaged: Number(row.damaged), lastUploadAt: row.lastUploadAt },
    ]),
  );
}

/** Failed photos with this reason, newest upload first, at most `take`. */
export const failedPhotosWithReason = (reason: string, take: number) =>
  db.photo.findMany({
    where: { status: "failed", error: reason },
    select: { id: true, userId: true, filename: true, uploadedAt: true },
    orderBy: [{ uploadedAt: "desc" }, { id: "asc" }],
    take,
  });

/** A user's photos and the bytes of their originals (what a quota counts). */
export async function photoUsage(userId: string): Promise<{ photos: number; bytes: number }> {
  const { _count, _sum } = await db.photo.aggregate({ where: { userId }, _count: { _all: true }, _sum: { size: true } });
  return { photos: _count._all, bytes: Number(_sum.size ?? 0) };
}

/**
 * Every photo (or one user's), those in the trash too, in (userId, id) order, which is the order the store lists their keys
 * in: Postgres orders uuids by their bytes, the order of their lowercase hex text.
 */
export function photosInKeyOrder(userId?: string) {
  return keysetRows<Pick<PhotoRow, "userId" | "id" | "uploadedAt" | "status">>((after, take) =>
    db.photo.findMany({
      where: {
        ...(userId ? { userId } : {}),
        ...(after ? { OR: [{ userId: { gt: after.userId } }, { userId: after.userId, id: { gt: after.id } }] } : {}),
      },
      select: { userId: true, id: true, uploadedAt: true, status: true },
      orderBy: [{ userId: "asc" }, { id: "asc" }],
      take,
    }),
  );
}

/** `processing` photos uploaded before `cutoff`, oldest first (the reconciler's walk). */
export function processingPhotosUploadedBefore(cutoff: Date) {
  return keysetRows<Pick<PhotoRow, "id" | "kind" | "uploadedAt">>((after, take) =>
    db.photo.findMany({
      where: {
        status: "processing",
        uploadedAt: { lt: cutoff },
        ...(after ? { OR: [{ uploadedAt: { gt: after.uploadedAt } }, { uploadedAt: after.uploadedAt, id: { gt: after.id } }] } : {}),
      },
      select: { id: true, kind: true, uploadedAt: true },
      orderBy: [{ uploadedAt: "asc" }, { id: "asc" }],
      take,
    }),
  );
}

/** The ids and kinds of a user's photos, in id order. */
export function userPhotoRefs(userId: string) {
  return keysetRows<Pick<PhotoRow, "id" | "kind">>((after, take) =>
    db.photo.findMany({ where: { userId, ...(after ? { id: { gt: after.id } } : {}) }, select: { id: true, kind: true }, orderBy: { id: "asc" }, take }),
  );
}

export const countPhotos = () => db.photo.count();

/** Photos whose originals were last verified before `before`, longest ago first (failed ones aside: they are known broken). */
export function photosVerifiedBefore(before: Date) {
  return keysetRows<Pick<PhotoRow, "id" | "userId" | "sha256" | "verifiedAt">>((after, take) =>
    db.photo.findMany({
      where: {
        status: { not: "failed" },
        verifiedAt: { lt: before },
        ...(after ? { OR: [{ verifiedAt: { gt: after.verifiedAt } }, { verifiedAt: after.verifiedAt, id: { gt: after.id } }] } : {}),
      },
      select: { id: true, userId: true, sha256: true, verifiedAt: true },
      orderBy: [{ verifiedAt: "asc" }, { id: "asc" }],
      take,
    }),
  );
}

/** The original was read back whole. Not shown anywhere, so no cached view is dropped. */
export async function markPhotoVerified(photoId: string, at: Date): Promise<void> {
  await db.photo.updateMany({ where: { id: photoId }, data: { verifiedAt: at } });
}

/**
 * Pages of the ids and kinds of ready photos whose thumbnails an older version made, in the order of
 * photos_ready_thumbnail_version_id_idx (version, id).
 */
export async function* outdatedThumbnailPages(version: number): AsyncGenerator<Pick<PhotoRow, "id" | "kind">[]> {
  const pages = keysetPages<Pick<PhotoRow, "id" | "kind"> & { version: number }>(
    (after = { version: 0, id: "00000000-0000-0000-0000-000000000000", kind: "photo" }, take) => db.$queryRaw`
      SELECT id, kind, thumbnail_version AS version FROM photos
       WHERE status = 'ready' AND thumbnail_version < ${version}
         AND (thumbnail_version, id) > (${after.version}, ${after.id}::uuid)
       ORDER BY thumbnail_version, id
       LIMIT ${take}`,
  );
  for await (const page of pages) yield page.map(({ id, kind }) => ({ id, kind }));
}
