// The thumbnail worker: its own process, so image and video work never competes with web requests.
// It consumes the queues WORKER_QUEUES names (photos and videos by default), each with its own concurrency.
import "@/workers/service-name";
import { UnrecoverableError, Worker, type Job } from "bullmq";
import sharp from "sharp";
import { db } from "@/lib/db";
import { env } from "@/lib/env";
import { logger } from "@/lib/logger";
import { countMetric } from "@/lib/metrics";
import { heicDecoder } from "@/lib/photos/decode-heic";
import { jpegXlDecoder } from "@/lib/photos/decode-jxl";
import { endExiftool } from "@/lib/photos/exiftool";
import { checkVideoTools } from "@/lib/photos/ffmpeg";
import { reconcileProcessingPhotos } from "@/lib/photos/reconcile-processing";
import { enqueueThumbnailRegeneration } from "@/lib/photos/regenerate-thumbnails";
import { photoQueue, queue, QUEUE_NAMES } from "@/lib/queue";
import { PHOTO_QUEUE, VIDEO_QUEUE, type QueueName } from "@/lib/queue/jobs";
import { createRedisConnection } from "@/lib/redis";
import { startHeartbeat } from "@/workers/heartbeat";
import { startMemoryLog } from "@/workers/memory-log";
import { jobLogFields, processJob } from "@/workers/jobs";

// Every photo is new: libvips' cache of recent operations (up to 50 MB) would only hold memory.
sharp.cache(false);

/** Resumable uploads left behind are finished or removed this often (lib/photos/sweep-resumable-uploads.ts). */
const SWEEP_UPLOADS_EVERY_MS = 15 * 60_000;
/** The nightly jobs (UTC), an hour apart at quiet hours, each scheduled once for the whole cluster. */
const NIGHTLY_JOBS = [
  // A walk over every row and object.
  { name: "clean-orphans", pattern: "30 3 * * *" },
  // The night's share of the originals read back (lib/photos/scrub-originals.ts).
  { name: "scrub-originals", pattern: "30 4 * * *" },
  // Photos in the trash longer than TRASH_DAYS deleted for good (lib/photos/purge-trash.ts).
  { name: "purge-trash", pattern: "30 5 * * *" },
] as const;

const concurrencyOf: Record<QueueName, number> = { [PHOTO_QUEUE]: env.WORKER_CONCURRENCY, [VIDEO_QUEUE]: env.VIDEO_WORKER_CONCURRENCY };

const connection = createRedisConnection("worker");
const workers = env.WORKER_QUEUES.map(
  (name) => new Worker(name, processJob, { connection, prefix: env.REDIS_PREFIX, concurrency: concurrencyOf[name], autorun: false }),
);

const jobSeconds = (job: Job) => (job.processedOn && job.finishedOn ? (job.finishedOn - job.processedOn) / 1000 : undefined);

/** Cluster-wide counts and seconds of finished jobs, failed attempts included (lib/metrics.ts). */
function countJob(job: Job, result: "completed" | "failed") {
  countMetric("jobs", `${job.name}:${result}`);
  const seconds = jobSeconds(job);
  if (seconds !== undefined) countMetric("job_seconds", job.name, seconds);
}

for (const worker of workers) {
  worker.on("completed", (job) => {
    countJob(job, "completed");
    logger.info({ ...jobLogFields(job), seconds: jobSeconds(job) }, "job done");
  });
  worker.on("failed", (job, error) => {
    if (job) countJob(job, "failed");
    logger.warn(
      { ...(job && jobLogFields(job)), seconds: job && jobSeconds(job), attempt: job?.attemptsMade, final: error instanceof UnrecoverableError, err: error },
      "job failed",
    );
  });
  worker.on("error", (error) => logger.error({ err: error }, "worker error"));
}

// Schedulers are kept in Redis by name: however many workers start, each job runs once a period.
await photoQueue().upsertJobScheduler("reconcile-processing", { every: env.RECONCILE_INTERVAL_SECONDS * 1000 }, { name: "reconcile-processing", data: {} });
await photoQueue().upsertJobScheduler(
  "sweep-resumable-uploads",
  { every: SWEEP_UPLOADS_EVERY_MS },
  { name: "sweep-resumable-uploads", data: {} },
);
for (const { name, pattern } of NIGHTLY_JOBS) await photoQueue().upsertJobScheduler(name, { pattern, tz: "UTC" }, { name, data: {} });
reconcileProcessingPhotos().catch((error) => logger.error({ err: error }, "start-up reconcile failed"));
enqueueThumbnailRegeneration().catch((error) => logger.error({ err: error }, "could not queue the thumbnail regeneration"));

if (env.WORKER_QUEUES.includes(VIDEO_QUEUE)) {
  checkVideoTools()
    .then((missing) => missing && logger.error(`${missing.message}: videos wait, processing, until it is installed`))
    .catch((error) => logger.error({ err: error }, "could not check for ffmpeg"));
}

const stopHeartbeat = startHeartbeat(connection);
const stopMemoryLog = startMemoryLog();

let stopping = false;
async function shutdown(signal: string) {
  if (stopping) return;
  stopping = true;
  logger.info({ signal }, "worker stopping: finishing running jobs");
  stopHeartbeat();
  stopMemoryLog();
  await Promise.all(workers.map((worker) => worker.close()));
  await endExiftool();
  await Promise.all(QUEUE_NAMES.map((name) => queue(name).close()));
  await db.$disconnect();
  process.exit(0);
}
process.on("SIGTERM", () => void shutdown("SIGTERM"));
process.on("SIGINT", () => void shutdown("SIGINT"));

logger.info({ queues: Object.fromEntries(env.WORKER_QUEUES.map((name) => [name, concurrencyOf[name]])), heicDecoder: heicDecoder().decoder, jpegXlDecoder: jpegXlDecoder() ?? "none" }, "worker ready");
await Promise.all(workers.map((worker) => worker.run()));
