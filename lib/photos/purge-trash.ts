import { env } from "@/lib/env";
import { logger } from "@/lib/logger";
import { deleteAllTrashedForGood } from "@/lib/photos/delete-photo";

const trashPeriodMs = () => env.TRASH_DAYS * 24 * 60 * 60_000;

/** When a photo trashed at `trashedAt` is due to be deleted for good. */
export const purgeDate = (trashedAt: Date) => new Date(trashedAt.getTime() + trashPeriodMs());

/**
 * The nightly purge: photos in the trash for longer than TRASH_DAYS are deleted for good (rows at
 * once, objects by a job). One restored meanwhile stays.
 */
export async function purgeTrash({ now = new Date() }: { now?: Date } = {}): Promise<{ deleted: number }> {
  const trashedBefore = new Date(now.getTime() - trashPeriodMs());
  const deleted = await deleteAllTrashedForGood({ trashedBefore }, "expired");
  logger.info({ deleted, trashedBefore }, "trash purged");
  return { deleted };
}
