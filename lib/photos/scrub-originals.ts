import { createHash } from "node:crypto";
import { env } from "@/lib/env";
import { logger } from "@/lib/logger";
import { countMetric } from "@/lib/metrics";
import { countPhotos, markPhotoFailed, markPhotoVerified, photosVerifiedBefore } from "@/lib/photos/photo-repository";
import { getObjectStream, objectKeys } from "@/lib/storage";

/** Originals read at once: the night's share is bound by the store's throughput, not one stream's latency. */
const PARALLEL_READS = 4;

export const DAMAGED_ORIGINAL =
  "The stored original no longer has the SHA-256 it was uploaded with: it was damaged in the store. Upload the photo again to repair it.";
const MISSING_ORIGINAL = "The original is missing from the store.";

type ScrubResult = "verified" | "damaged" | "missing" | "unreadable";

/** Originals to read a night so that each of `total` is read within `days` nights. */
export const nightlyShare = (total: number, days: number) => Math.ceil(total / days);

async function scrubOne(photo: { id: string; userId: string; sha256: string }, now: Date): Promise<ScrubResult> {
  const hash = createHash("sha256");
  try {
    for await (const chunk of await getObjectStream(objectKeys.original(photo.userId, photo.id))) hash.update(chunk as Buffer);
  } catch (error) {
    if ((error as { name?: string }).name !== "NoSuchKey") {
      logger.warn({ err: error, photoId: photo.id }, "scrub could not read an original; it is read again another night");
      return "unreadable";
    }
    await markPhotoFailed(photo.id, MISSING_ORIGINAL, { alsoIfReady: true });
    return "missing";
  }
  if (hash.digest("hex") !== photo.sha256) {
    logger.error({ photoId: photo.id, userId: photo.userId }, "scrub found a damaged original");
    await markPhotoFailed(photo.id, DAMAGED_ORIGINAL, { alsoIfReady: true });
    return "damaged";
  }
  await markPhotoVerified(photo.id, now);
  return "verified";
}

/**
 * The nightly scrub: reads back the originals verified longest ago, a share a night such that
 * every one is read within SCRUB_DAYS, and compares each one's SHA-256 with its row. A damaged or
 * missing original marks its photo failed with the reason (so /check reports it absent, and the
 * phone that still has it mends it by sending it again); nothing is ever deleted.
 */
export async function scrubOriginals({ now = new Date(), limit }: { now?: Date; limit?: number } = {}): Promise<Record<ScrubResult, number>> {
  const share = limit ?? nightlyShare(await countPhotos(), env.SCRUB_DAYS);
  const counts: Record<ScrubResult, number> = { verified: 0, damaged: 0, missing: 0, unreadable: 0 };
  let batch: Promise<ScrubResult>[] = [];
  const settle = async () => {
    for (const result of await Promise.all(batch)) {
      counts[result]++;
      countMetric("scrub", result);
    }
    batch = [];
  };
  let read = 0;
  for await (const photo of photosVerifiedBefore(now)) {
    if (read++ >= share) break;
    batch.push(scrubOne(photo, now));
    if (batch.length === PARALLEL_READS) await settle();
  }
  await settle();
  logger.info({ ...counts, share }, "scrubbed originals");
  return counts;
}
