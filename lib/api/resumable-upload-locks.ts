import { randomUUID } from "node:crypto";
import { setTimeout as sleep } from "node:timers/promises";
import { ERRORS, type Lock, type Locker } from "@tus/server";
import type { Redis } from "ioredis";
import { serviceUnavailable } from "@/lib/errors";
import { logger } from "@/lib/logger";
import { createRedisConnection, redis, redisKey } from "@/lib/redis";

/*
 * tus locks an upload while a request reads or writes it. Its own locker keeps the locks in the
 * process's memory, so two web processes could write one upload at once; these locks live in
 * Redis, so any web process can serve any request of any upload. tus's rule is kept: a request
 * for an upload that another request holds asks the holder to let go (its client has given up on
 * it and resumed), then waits for the lock.
 */

/** A process that died holding a lock frees the upload after this; a live holder renews it. */
const LOCK_TTL_MS = 30_000;
const RENEW_EVERY_MS = 10_000;
/** As tus's in-memory locker. */
const ACQUIRE_TIMEOUT_MS = 30_000;
const RETRY_EVERY_MS = 100;

const lockKey = (uploadId: string) => redisKey("upload-lock", uploadId);
const releaseChannel = (uploadId: string) => redisKey("upload-lock-release", uploadId);

/** Deletes or renews the lock only while it is still this holder's. */
const RELEASE = `if redis.call("get", KEYS[1]) == ARGV[1] then return redis.call("del", KEYS[1]) else return 0 end`;
const RENEW = `if redis.call("get", KEYS[1]) == ARGV[1] then return redis.call("pexpire", KEYS[1], ARGV[2]) else return 0 end`;

/** One connection per process listens for release requests, for every lock the process holds. */
const globalForLocks = globalThis as unknown as { uploadLockListeners?: { connection: Redis; handlers: Map<string, () => void> } };
function listeners() {
  if (!globalForLocks.uploadLockListeners) {
    const connection = createRedisConnection("client");
    const handlers = new Map<string, () => void>();
    connection.on("message", (channel: string) => handlers.get(channel)?.());
    globalForLocks.uploadLockListeners = { connection, handlers };
  }
  return globalForLocks.uploadLockListeners;
}

class SharedUploadLock implements Lock {
  private readonly token = randomUUID();
  private renewal?: NodeJS.Timeout;

  constructor(private readonly uploadId: string) {}

  async lock(stopSignal: AbortSignal, requestRelease: () => void | Promise<void>): Promise<void> {
    const key = lockKey(this.uploadId);
    const deadline = Date.now() + ACQUIRE_TIMEOUT_MS;
    let acquired = false;
    try {
      while ((await redis().set(key, this.token, "PX", LOCK_TTL_MS, "NX")) !== "OK") {
        await redis().publish(releaseChannel(this.uploadId), "release");
        if (stopSignal.aborted || Date.now() > deadline) throw ERRORS.ERR_LOCK_TIMEOUT;
        await sleep(RETRY_EVERY_MS);
      }
      acquired = true;
      const { connection, handlers } = listeners();
      handlers.set(releaseChannel(this.uploadId), () => void requestRelease());
      await connection.subscribe(releaseChannel(this.uploadId));
    } catch (error) {
      if (acquired) await this.unlock().catch(() => {});
      if (error === ERRORS.ERR_LOCK_TIMEOUT) throw error;
      throw serviceUnavailable("Resumable uploads need Redis, which is not answering. Try again shortly.");
    }
    this.renewal = setInterval(() => {
      redis()
        .eval(RENEW, 1, key, this.token, LOCK_TTL_MS)
        .catch((error: unknown) => logger.warn({ err: error, uploadId: this.uploadId }, "could not renew an upload's lock"));
    }, RENEW_EVERY_MS);
    this.renewal.unref();
  }

  async unlock(): Promise<void> {
    clearInterval(this.renewal);
    const { connection, handlers } = listeners();
    if (handlers.delete(releaseChannel(this.uploadId))) await connection.unsubscribe(releaseChannel(this.uploadId)).catch(() => {});
    await redis().eval(RELEASE, 1, lockKey(this.uploadId), this.token);
  }
}

export const sharedUploadLocker: Locker = { newLock: (uploadId) => new SharedUploadLock(uploadId) };
