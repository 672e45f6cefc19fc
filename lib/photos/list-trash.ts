import type { TrashedPhoto } from "@/lib/contract/trash";
import { decodeCursor, encodeCursor } from "@/lib/photos/cursor";
import { readTrashPage } from "@/lib/photos/photo-repository";
import { presentPhotoRow } from "@/lib/photos/photo-view";
import { purgeDate } from "@/lib/photos/purge-trash";

/** One page of the user's trash, newest deleted first, and the cursor of the next when there is one. */
export async function listTrash(userId: string, { limit, cursor }: { limit: number; cursor?: string }) {
  const rows = await readTrashPage(userId, limit + 1, cursor ? decodeCursor(cursor) : null);
  const page = rows.slice(0, limit);
  const last = page.at(-1);
  const photos: TrashedPhoto[] = await Promise.all(
    page.map(async (row) => ({
      ...(await presentPhotoRow(row)),
      trashedAt: row.trashedAt.toISOString(),
      purgeAt: purgeDate(row.trashedAt).toISOString(),
    })),
  );
  return { photos, nextCursor: rows.length > limit && last ? encodeCursor({ at: last.trashedAt, id: last.id }) : null };
}
