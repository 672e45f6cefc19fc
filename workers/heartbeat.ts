import { writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import type { Redis } from "ioredis";

/**
 * Rewritten every 15 s while the worker reaches Redis. A worker has no port to ask, so its
 * health check (docker-compose.yml) reads the file's age instead.
 */
export const HEARTBEAT_FILE = path.join(tmpdir(), "photo-backup-worker.heartbeat");
const EVERY_MS = 15_000;

export function startHeartbeat(redis: Redis): () => void {
  const beat = async () => {
    try {
      await redis.ping();
      await writeFile(HEARTBEAT_FILE, new Date().toISOString());
    } catch {
      // Redis unreachable: the file goes stale and the health check says so.
    }
  };
  void beat();
  const timer = setInterval(() => void beat(), EVERY_MS);
  timer.unref();
  return () => clearInterval(timer);
}
