import { setTimeout as sleep } from "node:timers/promises";
import { logger } from "@/lib/logger";
import { outdatedThumbnailPages } from "@/lib/photos/photo-repository";
import { THUMBNAIL_VERSION } from "@/lib/photos/render-thumbnails";
import { enqueue, enqueueThumbnailRemakes, queue, QUEUE_NAMES } from "@/lib/queue";

/** Remakes queued ahead of the workers at most: millions of photos never sit in Redis at once. */
const MAX_QUEUED_REMAKES = 2_000;

async function queuedRemakes(): Promise<number> {
  const counts = await Promise.all(QUEUE_NAMES.map((name) => queue(name).getPrioritizedCount()));
  return counts.reduce((sum, count) => sum + count, 0);
}

/**
 * Queues new thumbnails for every ready photo made with an older THUMBNAIL_VERSION, walking them
 * in index order (version, id). New uploads go first (remakes have a lower priority), and the
 * walk waits while MAX_QUEUED_REMAKES are still queued. Photos stay ready, showing their old
 * thumbnails, until their new ones exist.
 */
export async function regenerateOutdatedThumbnails({ pollMs = 5_000 } = {}): Promise<number> {
  let queued = 0;
  for await (const photos of outdatedThumbnailPages(THUMBNAIL_VERSION)) {
    while ((await queuedRemakes()) >= MAX_QUEUED_REMAKES) await sleep(pollMs);
    await enqueueThumbnailRemakes(photos);
    queued += photos.length;
    logger.info({ queued, version: THUMBNAIL_VERSION }, "queued thumbnails made with older sizes");
  }
  return queued;
}

/** Run by every worker at start-up; the job id has the version, so a deployment walks once. */
export function enqueueThumbnailRegeneration(): Promise<void> {
  return enqueue("regenerate-thumbnails", { version: THUMBNAIL_VERSION }, `regenerate-thumbnails-v${THUMBNAIL_VERSION}`);
}
