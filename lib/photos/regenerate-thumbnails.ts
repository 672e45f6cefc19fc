import { setTimeout as sleep } from "node:timers/promises";
import { db } from "@/lib/db";
import { logger } from "@/lib/logger";
import { THUMBNAIL_VERSION } from "@/lib/photos/render-thumbnails";
import { enqueue, enqueueThumbnailRemakes, photoQueue } from "@/lib/queue";

const BATCH = 500;
/** Remakes queued ahead of the workers at most: millions of photos never sit in Redis at once. */
const MAX_QUEUED_REMAKES = 2_000;

/**
 * Queues new thumbnails for every ready photo made with an older THUMBNAIL_VERSION, walking them
 * in index order (version, id). New uploads go first (remakes have a lower priority), and the
 * walk waits while MAX_QUEUED_REMAKES are still queued. Photos stay ready, showing their old
 * thumbnails, until their new ones exist.
 */
export async function regenerateOutdatedThumbnails({ pollMs = 5_000 } = {}): Promise<number> {
  let queued = 0;
  let after = { version: 0, id: "00000000-0000-0000-0000-000000000000" };
  for (;;) {
    const rows = await db.$queryRaw<{ id: string; version: number }[]>`
      SELECT id, thumbnail_version AS version FROM photos
       WHERE status = 'ready' AND thumbnail_version < ${THUMBNAIL_VERSION}
         AND (thumbnail_version, id) > (${after.version}, ${after.id}::uuid)
       ORDER BY thumbnail_version, id
       LIMIT ${BATCH}`;
    if (rows.length === 0) break;
    while ((await photoQueue().getPrioritizedCount()) >= MAX_QUEUED_REMAKES) await sleep(pollMs);
    await enqueueThumbnailRemakes(rows.map((row) => row.id));
    queued += rows.length;
    logger.info({ queued, version: THUMBNAIL_VERSION }, "queued thumbnails made with older sizes");
    if (rows.length < BATCH) break;
    after = rows.at(-1)!;
  }
  return queued;
}

/** Run by every worker at start-up; the job id has the version, so a deployment walks once. */
export function enqueueThumbnailRegeneration(): Promise<void> {
  return enqueue("regenerate-thumbnails", { version: THUMBNAIL_VERSION }, `regenerate-thumbnails-v${THUMBNAIL_VERSION}`);
}
