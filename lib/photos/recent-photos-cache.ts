import { logger } from "@/lib/logger";
import { redis, redisKey } from "@/lib/redis";
import type { PhotoRecord } from "@/lib/photos/photo-view";

export const RECENT_PHOTOS_TTL_SECONDS = 300;

export interface CachedPage {
  photos: PhotoRecord[];
  nextCursor: string | null;
}

/*
 * The first page of a user's photos, per page size, in one hash per user. Invalidation bumps the
 * user's generation before deleting the hash, and readers store under the generation they read
 * before querying, so a reader that raced with a change can never make a stale page current.
 */
const generationKey = (userId: string) => redisKey("recent", userId, "generation");
const pagesKey = (userId: string) => redisKey("recent", userId, "pages");

/** The cache is an optimisation: when Redis does not answer, callers read from Postgres. */
async function tolerant<T>(operation: string, action: () => Promise<T>): Promise<T | undefined> {
  try {
    return await action();
  } catch (error) {
    logger.warn({ err: error, operation }, "recent-photos cache unavailable");
    return undefined;
  }
}

export async function readRecentPhotos(
  userId: string,
  limit: number,
  load: () => Promise<CachedPage>,
): Promise<CachedPage & { cache: "hit" | "miss" | "bypass" }> {
  const generation = await tolerant("generation", () => redis().get(generationKey(userId)));
  if (generation === undefined) return { ...(await load()), cache: "bypass" };
  const field = `${generation ?? 0}:${limit}`;
  const cached = await tolerant("read", () => redis().hget(pagesKey(userId), field));
  if (cached) return { ...(JSON.parse(cached) as CachedPage), cache: "hit" };
  const page = await load();
  await tolerant("write", () =>
    redis().multi().hset(pagesKey(userId), field, JSON.stringify(page)).expire(pagesKey(userId), RECENT_PHOTOS_TTL_SECONDS).exec(),
  );
  return { ...page, cache: "miss" };
}

export async function invalidateRecentPhotos(userId: string): Promise<void> {
  await tolerant("invalidate", () =>
    redis()
      .multi()
      .incr(generationKey(userId))
      .expire(generationKey(userId), 24 * 3600)
      .del(pagesKey(userId))
      .exec(),
  );
}
