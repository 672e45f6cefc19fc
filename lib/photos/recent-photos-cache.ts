import { logger } from "@/lib/logger";
import { redis, redisKey } from "@/lib/redis";
import { countMetric } from "@/lib/metrics";

export const RECENT_PHOTOS_TTL_SECONDS = 300;

export type CacheOutcome = "hit" | "miss" | "bypass";

/*
 * Per-user views of the library that every grid opens with (the first page of photos per page
 * size, the month buckets), kept in one Redis hash per user for 300 s. Invalidation bumps the
 * user's generation before deleting the hash, and readers store under the generation they read
 * before querying, so a reader that raced with a change can never make a stale view current.
 * Only metadata is cached: URLs are signed when a view is served, so none handed out is expired.
 */
/** The shape of what is cached (CachedPhoto, lib/photos/photo-view.ts): bump it with that, so no view of the old shape is served after a deploy. */
const VIEW_SHAPE = 2;

const generationKey = (userId: string) => redisKey("recent", userId, "generation");
const viewsKey = (userId: string) => redisKey("recent", userId, "views");

/** The cache is an optimisation: when Redis does not answer, callers read from Postgres. */
async function tolerant<T>(operation: string, action: () => Promise<T>): Promise<T | undefined> {
  try {
    return await action();
  } catch (error) {
    logger.warn({ err: error, operation }, "recent-photos cache unavailable");
    return undefined;
  }
}

export async function readThroughUserCache<T>(
  userId: string,
  view: string,
  load: () => Promise<T>,
): Promise<{ value: T; cache: CacheOutcome }> {
  const generation = await tolerant("generation", () => redis().get(generationKey(userId)));
  if (generation === undefined) return { value: await load(), cache: "bypass" };
  const field = `${generation ?? 0}:v${VIEW_SHAPE}:${view}`;
  const cached = await tolerant("read", () => redis().hget(viewsKey(userId), field));
  if (cached) {
    countMetric("grid_cache", "hit");
    return { value: JSON.parse(cached) as T, cache: "hit" };
  }
  const value = await load();
  await tolerant("write", () =>
    redis().multi().hset(viewsKey(userId), field, JSON.stringify(value)).expire(viewsKey(userId), RECENT_PHOTOS_TTL_SECONDS).exec(),
  );
  countMetric("grid_cache", "miss");
  return { value, cache: "miss" };
}

export async function invalidateRecentPhotos(userId: string): Promise<void> {
  await tolerant("invalidate", () =>
    redis()
      .multi()
      .incr(generationKey(userId))
      .expire(generationKey(userId), 24 * 3600)
      .del(viewsKey(userId))
      .exec(),
  );
}
