import { timingSafeEqual } from "node:crypto";
import { Counter, Gauge, Registry } from "prom-client";
import { env } from "@/lib/env";
import { notFound, unauthorized } from "@/lib/errors";
import { logger } from "@/lib/logger";
import { queue, QUEUE_NAMES } from "@/lib/queue";
import { redis, redisKey } from "@/lib/redis";

/**
 * Counters live in one Redis hash, not in process memory: web and worker processes on any number
 * of machines add to the same totals, and whichever web process a scrape reaches answers them all.
 * Fields are `<metric>|<label value>`.
 */
const COUNTERS_KEY = () => redisKey("metrics", "counters");

type CounterName = "uploads" | "upload_bytes" | "grid_cache" | "jobs" | "job_seconds" | "scrub" | "trash_deleted";

/** Adds to a counter; never throws and never waits: a metric must not slow or break the work it counts. */
export function countMetric(name: CounterName, label: string, by = 1): void {
  redis()
    .hincrbyfloat(COUNTERS_KEY(), `${name}|${label}`, by)
    .catch((error: unknown) => logger.debug({ err: error, metric: name }, "metric not recorded"));
}

const JOB_STATES = ["waiting", "active", "delayed", "failed", "prioritized"] as const;

/** The counters' hash as read at the start of the current scrape. */
let counterValues: Record<string, string> = {};

function createRegistry() {
  const registry = new Registry();
  const fromRedis = (name: CounterName) =>
    function collect(this: Counter<string>) {
      this.reset();
      for (const [field, value] of Object.entries(counterValues)) {
        const [metric, label] = field.split("|");
        if (metric === name) this.inc(labelsOf(name, label!), Number(value));
      }
    };
  const labelsOf = (name: CounterName, label: string): Record<string, string> => {
    if (name === "uploads" || name === "grid_cache" || name === "scrub") return { result: label };
    if (name === "jobs") {
      const [job, result] = label.split(":");
      return { job: job!, result: result! };
    }
    if (name === "trash_deleted") return { reason: label };
    return name === "job_seconds" ? { job: label } : {};
  };

  registry.registerMetric(
    new Gauge({
      name: "photo_backup_queue_jobs",
      help: "Jobs by queue (photos, videos) and state.",
      labelNames: ["queue", "state"],
      async collect() {
        const counts = await Promise.all(QUEUE_NAMES.map((name) => queue(name).getJobCounts(...JOB_STATES)));
        QUEUE_NAMES.forEach((name, index) => {
          for (const state of JOB_STATES) this.set({ queue: name, state }, counts[index]![state] ?? 0);
        });
      },
    }),
  );
  registry.registerMetric(
    new Gauge({
      name: "photo_backup_queue_oldest_wait_seconds",
      help: "How long the oldest waiting job of each queue has waited.",
      labelNames: ["queue"],
      async collect() {
        const oldest = await Promise.all(QUEUE_NAMES.map(async (name) => (await queue(name).getJobs(["waiting"], 0, 0, true))[0]));
        QUEUE_NAMES.forEach((name, index) => {
          const job = oldest[index];
          this.set({ queue: name }, job ? Math.max(0, (Date.now() - job.timestamp) / 1000) : 0);
        });
      },
    }),
  );
  const counter = (name: CounterName, metric: string, help: string, labelNames: string[] = []) =>
    registry.registerMetric(new Counter({ name: metric, help, labelNames, collect: fromRedis(name) }));
  counter(
    "uploads",
    "photo_backup_uploads_total",
    "Uploads answered, by result (created, duplicate, repaired: the bytes of a failed photo, restored: of a trashed one, rejected).",
    ["result"],
  );
  counter("upload_bytes", "photo_backup_upload_bytes_total", "Bytes of originals stored.");
  counter("grid_cache", "photo_backup_grid_cache_requests_total", "First-page and month-count reads, by cache result (hit, miss, bypass).", ["result"]);
  counter("jobs", "photo_backup_jobs_total", "Jobs finished, by job and result (completed, failed).", ["job", "result"]);
  counter("scrub", "photo_backup_scrub_originals_total", "Originals the nightly scrub read back, by result (verified, damaged, missing, unreadable).", ["result"]);
  counter("trash_deleted", "photo_backup_trash_deleted_total", "Photos deleted for good from the trash, by reason (emptied by hand, expired: the nightly purge).", ["reason"]);
  counter("job_seconds", "photo_backup_job_duration_seconds_total", "Seconds spent in finished jobs, by job (divide by jobs_total for the mean).", ["job"]);
  return registry;
}

const globalForMetrics = globalThis as unknown as { metricsRegistry?: Registry };

/** The Prometheus text of every metric. */
export async function renderMetrics(): Promise<{ body: string; contentType: string }> {
  globalForMetrics.metricsRegistry ??= createRegistry();
  counterValues = await redis().hgetall(COUNTERS_KEY());
  return { body: await globalForMetrics.metricsRegistry.metrics(), contentType: globalForMetrics.metricsRegistry.contentType };
}

/** `Authorization: Bearer <METRICS_TOKEN>`; with no token configured the endpoint does not exist. */
export function authorizeMetrics(header: string | null): void {
  if (!env.METRICS_TOKEN) throw notFound("Metrics are off: set METRICS_TOKEN.");
  const sent = Buffer.from(/^Bearer\s+(\S+)$/i.exec(header ?? "")?.[1] ?? "");
  const expected = Buffer.from(env.METRICS_TOKEN);
  if (sent.length !== expected.length || !timingSafeEqual(sent, expected)) throw unauthorized("Send the metrics token as a bearer token.");
}
