import { RateLimiterMemory, RateLimiterRedis, RateLimiterRes } from "rate-limiter-flexible";
import { rateLimited } from "@/lib/errors";
import { redis, redisKey } from "@/lib/redis";

/** So many points per key in so many seconds. */
export interface Limit {
  points: number;
  duration: number;
}

/** A limit counted in Redis, the same for every process; an in-memory one stands in while Redis is down. */
export function sharedLimiter(name: string, limit: Limit) {
  return new RateLimiterRedis({
    storeClient: redis(),
    useRedisPackage: false,
    keyPrefix: redisKey("limits", name),
    ...limit,
    insuranceLimiter: new RateLimiterMemory(limit),
  });
}

/** Takes a point from `key`, atomically: when none is left, 429 with the seconds until one is. */
export async function takePoint(limiter: RateLimiterRedis, key: string, message?: string): Promise<void> {
  try {
    await limiter.consume(key);
  } catch (rejection) {
    if (rejection instanceof RateLimiterRes) throw rateLimited(Math.ceil(rejection.msBeforeNext / 1000), message);
    throw rejection;
  }
}
