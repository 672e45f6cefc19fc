import sharp from "sharp";
import { logger } from "@/lib/logger";

const EVERY_MS = 60_000;
const mb = (bytes: number) => Math.round(bytes / 1_048_576);

/**
 * A log line a minute with the worker's memory by kind. Resident memory that grows while the V8
 * heap, the buffers and libvips' own count stay flat is the allocator's (native fragmentation),
 * not a leak in the code: the soak (`npm run soak`) reads these lines to tell which.
 */
export function startMemoryLog(): () => void {
  const timer = setInterval(() => {
    const usage = process.memoryUsage();
    logger.info(
      {
        memoryMb: {
          rss: mb(usage.rss),
          heapUsed: mb(usage.heapUsed),
          heapTotal: mb(usage.heapTotal),
          external: mb(usage.external),
          arrayBuffers: mb(usage.arrayBuffers),
          libvips: sharp.cache().memory.current, // already in MB: vips_tracked_get_mem()
        },
      },
      "worker memory",
    );
  }, EVERY_MS);
  timer.unref();
  return () => clearInterval(timer);
}
