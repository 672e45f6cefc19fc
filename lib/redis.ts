import "server-only";
import { Redis, type RedisOptions } from "ioredis";
import { env } from "@/lib/env";

/**
 * - `worker`: BullMQ workers block on Redis and must retry forever (maxRetriesPerRequest null).
 * - `client`: the cache, rate limits and enqueueing fail within seconds when Redis is down, so a
 *   request degrades instead of hanging. Commands sent while the connection is still opening wait
 *   for it (offline queue) rather than fail.
 */
type RedisPurpose = "worker" | "client";

export function createRedisConnection(purpose: RedisPurpose, overrides: RedisOptions = {}): Redis {
  const options: RedisOptions =
    purpose === "worker"
      ? { maxRetriesPerRequest: null }
      : { maxRetriesPerRequest: 1, connectTimeout: 2000, commandTimeout: 2000 };
  const redis = new Redis(env.REDIS_URL, { lazyConnect: false, ...options, ...overrides });
  // ioredis reconnects by itself; without a listener every failed attempt would be an unhandled error.
  redis.on("error", () => {});
  return redis;
}

const globalForRedis = globalThis as unknown as { redis?: Redis };

/** The process-wide connection for the cache and rate limits. */
export function redis(): Redis {
  globalForRedis.redis ??= createRedisConnection("client");
  return globalForRedis.redis;
}

/** Every key this app writes starts with REDIS_PREFIX, so several deployments (or test runs) can share one Redis. */
export function redisKey(...parts: string[]): string {
  return [env.REDIS_PREFIX, ...parts].join(":");
}

export async function pingRedis(url = env.REDIS_URL, timeoutMs = 2000): Promise<void> {
  const probe = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 0, connectTimeout: timeoutMs, retryStrategy: () => null });
  probe.on("error", () => {});
  try {
    await probe.connect();
    await probe.ping();
  } finally {
    probe.disconnect();
  }
}
