/**
 * `npm run bench`: starts the app as `npm start` does (own database, Redis prefix and store, like a
 * test run) and prints one JSON object per figure:
 *  - upload-latency: a 5 MB JPEG through POST /api/v1/photos vs a raw PutObject of the same bytes
 *  - upload-memory: peak RSS growth of the web process during a 200 MB upload
 *  - worker-throughput: photos/s made ready by the worker vs a bare sharp script
 *  - grid-slow-network: the grid opened cold in Chromium on emulated slow 4G
 *  - grid-slow-network-http2: the same with the store behind an HTTP/2 proxy
 *  - grid-queries: first page (cache hit, miss), a deep page and month buckets over 2M rows
 *  - heic: HEIC photos/s and CPU s a photo, native libheif vs WebAssembly (in this process, no stack)
 *  - video: a 60 s 1080p clip's poster and thumbnails, and its playback rendition vs bare ffmpeg (no stack)
 *  - video-contention: photos' time to ready while 5 long videos transcode, vs with none
 */
import { createHash, randomBytes } from "node:crypto";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { PutObjectCommand } from "@aws-sdk/client-s3";
import sharp from "sharp";
import { startStack } from "@/tests/support/stack";
import { createTestRunEnv, freePort } from "@/tests/support/test-run";
import { fixturePath } from "@/tests/support/fixtures";
import { startWebServer } from "@/tests/support/processes";
import { measureGridQueries, seedLibrary } from "@/bench/grid-queries";
import { startHttp2StoreProxy } from "@/bench/http2-store-proxy";
import { measureGridOnSlowNetwork } from "@/bench/slow-network";
import { encodeMultipart, multipartBody, postBuffer, percentile, peakRssDuring, webServerPid } from "@/bench/support";

const UPLOAD_ROUNDS = Number(process.env.BENCH_UPLOAD_ROUNDS ?? 30);
const BIG_UPLOAD_BYTES = 200 * 1024 * 1024;
const THROUGHPUT_FILES = ["phone/iphone_hdr_YES.jpg", "phone/jolla.jpg", ...Array.from({ length: 9 }, (_, n) => `orientation/Landscape_${n}.jpg`)];

const workerConcurrency = process.env.WORKER_CONCURRENCY; // unset: the app's default
const runEnv = await createTestRunEnv("bench");
Object.assign(runEnv, { MAX_UPLOAD_BYTES: String(256 * 1024 * 1024), LOG_LEVEL: "warn", WORKER_CONCURRENCY: workerConcurrency ?? "" });
Object.assign(process.env, runEnv);
// Imported after the run's settings are in place: lib/env reads them once.
const { s3, setBucketCors } = await import("@/lib/storage");
const { photoQueue } = await import("@/lib/queue");
const { env } = await import("@/lib/env");
const { createUser, api } = await import("@/tests/support/api");
const { db } = await import("@/lib/db");

const report = (figure: Record<string, unknown>) => console.log(JSON.stringify(figure));

/**
 * Until the worker has settled these photos, all of them ready: one cheap query every 20 ms, not a
 * request per photo through the app, which would take the cores the worker is timed on.
 */
async function waitUntilReady(ids: string[]) {
  const deadline = Date.now() + 300_000;
  while ((await db.photo.count({ where: { id: { in: ids }, status: { not: "processing" } } })) < ids.length) {
    if (Date.now() > deadline) throw new Error("the photos did not settle within 5 minutes");
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  if ((await db.photo.count({ where: { id: { in: ids }, status: "ready" } })) < ids.length) {
    throw new Error("a photo did not become ready");
  }
}

/** A real JPEG made unique by random bytes after its end marker (decoders ignore them). */
const unique = (jpeg: Buffer, extra = 16) => Buffer.concat([jpeg, randomBytes(extra)]);

async function fiveMegabyteJpeg(): Promise<Buffer> {
  const noise = await sharp(randomBytes(1600 * 1600 * 3), { raw: { width: 1600, height: 1600, channels: 3 } }).jpeg({ quality: 92 }).toBuffer();
  return noise.length >= 5e6 ? noise : Buffer.concat([noise, randomBytes(5_000_000 - noise.length)]);
}

async function uploadLatency(token: string) {
  const base = await fiveMegabyteJpeg();
  const sized: number[] = [];
  const unsized: number[] = [];
  const raw: number[] = [];
  const send = async (bytes: Buffer, fields: Record<string, string>) => {
    // Encoded up front, as the SDK's PutObject gets its bytes: both sides send one buffer.
    const multipart = encodeMultipart(bytes, "bench.jpg", fields);
    const started = performance.now();
    const response = await postBuffer(`${runEnv.BASE_URL}/api/v1/photos`, { authorization: `Bearer ${token}`, "content-type": multipart.contentType }, multipart.body);
    if (response.status !== 201) throw new Error(`upload answered ${response.status}: ${response.text}`);
    return performance.now() - started;
  };
  // The upload path alone: thumbnails are made after the response, by another process, so the
  // worker is held back here rather than competing for this machine's cores with both sides.
  await photoQueue().pause();
  for (let round = 0; round < UPLOAD_ROUNDS + 3; round++) {
    // With the size and SHA-256 fields first (as the app's own clients send them): one PUT streamed as it arrives.
    const bytes = unique(base);
    const sizedMs = await send(bytes, { size: String(bytes.length), sha256: createHash("sha256").update(bytes).digest("hex") });
    // Without it: a multipart upload that must gather a 5 MiB part before sending it.
    const unsizedMs = await send(unique(base), {});
    const started = performance.now();
    const rawBytes = unique(base);
    // With its SHA-256, as every write of the service carries one for the store to check.
    const ChecksumSHA256 = createHash("sha256").update(rawBytes).digest("base64");
    await s3.send(new PutObjectCommand({ Bucket: process.env.S3_BUCKET ?? "photos", Key: `bench/raw-${round}`, Body: rawBytes, ContentType: "image/jpeg", ChecksumSHA256 }));
    const rawMs = performance.now() - started;
    if (round < 3) continue; // the first rounds warm up connections and JIT
    sized.push(sizedMs);
    unsized.push(unsizedMs);
    raw.push(rawMs);
  }
  await photoQueue().resume();
  const [rp50, rp95] = [percentile(raw, 50), percentile(raw, 95)];
  const figures = (name: string, samples: number[]) => {
    const [p50, p95] = [percentile(samples, 50), percentile(samples, 95)];
    return {
      [`${name}_p50_ms`]: +p50.toFixed(1),
      [`${name}_p95_ms`]: +p95.toFixed(1),
      [`${name}_ratio_p50`]: +(p50 / rp50).toFixed(2),
      [`${name}_ratio_p95`]: +(p95 / rp95).toFixed(2),
    };
  };
  report({
    figure: "upload-latency",
    bytes: base.length,
    rounds: UPLOAD_ROUNDS,
    raw_put_p50_ms: +rp50.toFixed(1),
    raw_put_p95_ms: +rp95.toFixed(1),
    ...figures("service_with_size", sized),
    ...figures("service_without_size", unsized),
    goal: "ratio <= 1.5",
  });
}

async function uploadMemory(token: string, launcherPid: number) {
  const pid = await webServerPid(launcherPid);
  const head = await readFile(fixturePath("camera/Canon_40D.jpg"));
  // Load the upload route's code first: the figure is about what the bytes cost, not first-use code.
  const warmUp = new FormData();
  warmUp.append("file", new Blob([new Uint8Array(unique(head))]), "warm-up.jpg");
  await (await api({ token }, "/api/v1/photos", { method: "POST", body: warmUp })).arrayBuffer();
  // Peak RSS depends on when V8 happens to collect garbage: three rounds, the median reported.
  const growthsMb: number[] = [];
  let contentLength = 0;
  for (let round = 0; round < 3; round++) {
    const multipart = multipartBody(head, BIG_UPLOAD_BYTES);
    contentLength = multipart.contentLength;
    const { baselineKb, peakKb, result } = await peakRssDuring(pid, async () => {
      const response = await api({ token }, "/api/v1/photos", {
        method: "POST",
        headers: { "content-type": multipart.contentType, "content-length": String(multipart.contentLength) },
        body: multipart.body,
        duplex: "half",
      } as RequestInit);
      return { status: response.status, text: await response.text() };
    });
    if (result.status !== 201) throw new Error(`200 MB upload answered ${result.status}: ${result.text}`);
    growthsMb.push((peakKb - baselineKb) / 1024);
  }
  report({
    figure: "upload-memory",
    upload_bytes: contentLength,
    growth_mb: +percentile(growthsMb, 50).toFixed(1),
    growth_max_mb: +Math.max(...growthsMb).toFixed(1),
    rounds: growthsMb.length,
    goal: "growth < 64 MB",
  });
}

/** The same three sizes the worker makes, with nothing else: decode once, auto-orient, clone per size. */
async function bareSharp(file: Buffer) {
  const upright = sharp(file).autoOrient();
  await Promise.all([
    upright.clone().resize(256, 256, { fit: "outside", withoutEnlargement: true }).webp({ quality: 70 }).toBuffer(),
    upright.clone().resize(1080, 1080, { fit: "inside", withoutEnlargement: true }).webp({ quality: 78 }).toBuffer(),
    upright.clone().resize(2048, 2048, { fit: "inside", withoutEnlargement: true }).webp({ quality: 80 }).toBuffer(),
  ]);
}

/** Waits until the worker has finished what earlier figures queued, so it starts this one idle. */
async function drainQueue() {
  for (;;) {
    const counts = await photoQueue().getJobCounts("waiting", "active", "prioritized");
    if (Object.values(counts).every((count) => count === 0)) return;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

async function workerThroughput(token: string) {
  await drainQueue();
  const concurrency = env.WORKER_CONCURRENCY;
  const sources = await Promise.all(THROUGHPUT_FILES.map((name) => readFile(fixturePath(name))));
  const files = [...sources, ...sources].map((bytes) => unique(bytes));

  let started = performance.now();
  const pending = [...files];
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      for (let file = pending.shift(); file; file = pending.shift()) await bareSharp(file);
    }),
  );
  const bareSeconds = (performance.now() - started) / 1000;

  // Uploads are not the worker's work: queue every photo first, then time the worker alone.
  const queue = photoQueue();
  await queue.pause();
  const ids: string[] = [];
  for (const [index, bytes] of files.entries()) {
    const form = new FormData();
    form.append("file", new Blob([new Uint8Array(bytes)]), `throughput-${index}.jpg`);
    const response = await api({ token }, "/api/v1/photos", { method: "POST", body: form });
    ids.push(((await response.json()) as { photo: { id: string } }).photo.id);
  }
  started = performance.now();
  await queue.resume();
  await waitUntilReady(ids);
  const workerSeconds = (performance.now() - started) / 1000;

  const bare = files.length / bareSeconds;
  const worker = files.length / workerSeconds;
  report({
    figure: "worker-throughput",
    photos: files.length,
    concurrency,
    worker_photos_per_s: +worker.toFixed(2),
    bare_sharp_photos_per_s: +bare.toFixed(2),
    ratio: +(worker / bare).toFixed(2),
    goal: "ratio >= 0.8",
  });
}

const CONTENTION_PHOTOS = 20;
const CONTENTION_VIDEOS = 5;
/** One photo every this many ms: a steady stream the worker keeps up with, so the figure is its work, not a queue's. */
const CONTENTION_INTERVAL_MS = 600;

/** Each photo's seconds from its upload's answer to ready, uploaded one every CONTENTION_INTERVAL_MS. */
async function photoSecondsToReady(token: string, sources: Buffer[]): Promise<number[]> {
  const answeredAt = new Map<string, number>();
  const readyAfter: number[] = [];
  let uploading = true;
  const watcher = (async () => {
    while (uploading || answeredAt.size > 0) {
      const ids = [...answeredAt.keys()];
      const settled = ids.length ? await db.photo.findMany({ where: { id: { in: ids }, status: { not: "processing" } }, select: { id: true, status: true } }) : [];
      for (const { id, status } of settled) {
        if (status !== "ready") throw new Error(`photo ${id} did not become ready`);
        readyAfter.push((performance.now() - answeredAt.get(id)!) / 1000);
        answeredAt.delete(id);
      }
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  })();
  for (let index = 0; index < CONTENTION_PHOTOS; index++) {
    const form = new FormData();
    form.append("file", new Blob([new Uint8Array(unique(sources[index % sources.length]!))]), `contention-${index}.jpg`);
    const response = await api({ token }, "/api/v1/photos", { method: "POST", body: form });
    answeredAt.set(((await response.json()) as { photo: { id: string } }).photo.id, performance.now());
    await new Promise((resolve) => setTimeout(resolve, CONTENTION_INTERVAL_MS));
  }
  uploading = false;
  await watcher;
  return readyAfter;
}

/**
 * Photos' p95 time to ready while CONTENTION_VIDEOS long videos wait and transcode on the videos
 * queue (30 s of 1080p H.264 4:4:4 each, which no browser plays), against the same with no video.
 */
async function videoContention(token: string) {
  await drainQueue();
  const { makeClip, runFfmpeg } = await import("@/bench/video");
  const { videoQueue } = await import("@/lib/queue");
  const dir = await mkdtemp(path.join(tmpdir(), "bench-contention-"));
  try {
    const clip = await makeClip(path.join(dir, "clip.mp4"), 30, "yuv444p");
    const sources = await Promise.all(THROUGHPUT_FILES.map((name) => readFile(fixturePath(name))));
    const alone = await photoSecondsToReady(token, sources);

    for (let index = 0; index < CONTENTION_VIDEOS; index++) {
      // Copies with a title of their own: distinct bytes, or the library would keep one.
      const copy = path.join(dir, `clip-${index}.mp4`);
      await runFfmpeg(["-i", clip, "-c", "copy", "-metadata", `title=${index}`, "-y", copy]);
      const form = new FormData();
      form.append("file", new Blob([new Uint8Array(await readFile(copy))]), `contention-${index}.mp4`);
      const response = await api({ token }, "/api/v1/photos", { method: "POST", body: form });
      if (response.status !== 201) throw new Error(`video upload answered ${response.status}`);
    }
    while ((await videoQueue().getActiveCount()) === 0) await new Promise((resolve) => setTimeout(resolve, 100));
    const withVideos = await photoSecondsToReady(token, sources);
    const stillTranscoding = (await videoQueue().getJobCounts("active", "waiting")) as Record<string, number>;

    const [aloneP95, withVideosP95] = [percentile(alone, 95), percentile(withVideos, 95)];
    report({
      figure: "video-contention",
      photos: CONTENTION_PHOTOS,
      videos: CONTENTION_VIDEOS,
      photo_every_ms: CONTENTION_INTERVAL_MS,
      alone_p50_s: +percentile(alone, 50).toFixed(2),
      alone_p95_s: +aloneP95.toFixed(2),
      with_videos_p50_s: +percentile(withVideos, 50).toFixed(2),
      with_videos_p95_s: +withVideosP95.toFixed(2),
      ratio_p95: +(withVideosP95 / aloneP95).toFixed(2),
      videos_still_queued_or_transcoding_at_end: (stillTranscoding.active ?? 0) + (stillTranscoding.waiting ?? 0),
      goal: "ratio_p95 <= 1.5",
    });
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** A user with a library of 48 real photos (the JPEG fixtures, made unique), all ready. */
async function seedGridLibrary() {
  await drainQueue();
  const user = await createUser();
  const sources = await Promise.all(THROUGHPUT_FILES.map((name) => readFile(fixturePath(name))));
  const ids: string[] = [];
  for (let index = 0; index < 48; index++) {
    const form = new FormData();
    form.append("lastModified", String(Date.UTC(2024, 0, 1) + index * 3_600_000));
    form.append("file", new Blob([new Uint8Array(unique(sources[index % sources.length]!))]), `grid-${index}.jpg`);
    ids.push(((await (await api(user, "/api/v1/photos", { method: "POST", body: form })).json()) as { photo: { id: string } }).photo.id);
  }
  await waitUntilReady(ids);
  return user;
}

function reportGridOnSlowNetwork(figure: string, store: string, figures: Awaited<ReturnType<typeof measureGridOnSlowNetwork>>) {
  report({
    figure,
    network: "1.6 Mbit/s down, 150 ms latency (CDP)",
    viewport: "Pixel 7",
    store,
    placeholders_ms: figures.placeholdersMs,
    visible_thumbnails_ms: figures.thumbnailsMs,
    visible_tiles: figures.visibleTiles,
    median_small_thumbnail_kb: figures.medianSmallThumbnailKb,
    html_css_js_kb: figures.pageKb,
    goal: "placeholders < 1000 ms, thumbnails < 2500 ms, median small thumbnail <= 15 KB",
  });
}

/** The grid opened cold on slow 4G, thumbnails straight from the store (HTTP/1.1, six at a time). */
async function gridOnSlowNetwork() {
  const user = await seedGridLibrary();
  reportGridOnSlowNetwork("grid-slow-network", "HTTP/1.1", await measureGridOnSlowNetwork(runEnv.BASE_URL!, user.cookie));
}

/**
 * The same with the store behind an HTTP/2 proxy, as docs/scaling.md advises for production: a
 * second web server signs thumbnail URLs for the proxy's origin.
 */
async function gridOnSlowNetworkOverHttp2() {
  const user = await seedGridLibrary();
  const proxy = await startHttp2StoreProxy(runEnv.S3_ENDPOINT!, Number(runEnv.STORE_LINK_PORT)); // a name the store answers
  const port = await freePort();
  const origin = `http://127.0.0.1:${port}`;
  await setBucketCors([runEnv.APP_ORIGIN!, origin]);
  const web = await startWebServer({ ...runEnv, APP_ORIGIN: origin, BASE_URL: origin, S3_PUBLIC_ENDPOINT: proxy.origin }, port);
  try {
    reportGridOnSlowNetwork("grid-slow-network-http2", "HTTP/2 proxy in front", await measureGridOnSlowNetwork(origin, user.cookie));
  } finally {
    await web.stop();
    await proxy.close();
  }
}

async function gridQueries() {
  const started = performance.now();
  const userId = await seedLibrary(runEnv.DATABASE_URL!);
  const seedSeconds = (performance.now() - started) / 1000;
  const { hit, miss, deep, buckets } = await measureGridQueries(userId);
  report({
    figure: "grid-queries",
    rows: 2_000_000,
    users: 1000,
    user_photos: 100_000,
    seed_s: +seedSeconds.toFixed(1),
    first_page_hit_p50_ms: hit.p50,
    first_page_hit_p95_ms: hit.p95,
    first_page_miss_p50_ms: miss.p50,
    first_page_miss_p95_ms: miss.p95,
    deep_page_p50_ms: deep.p50,
    deep_page_p95_ms: deep.p95,
    month_buckets_miss_p50_ms: buckets.p50,
    month_buckets_miss_p95_ms: buckets.p95,
    goal: "hit p95 < 5 ms, miss p95 < 30 ms, deep page as fast as the first",
  });
}

// `npm run bench -- upload-memory` runs only the figures named.
const only = process.argv.slice(2);
const wanted = (figure: string) => only.length === 0 || only.includes(figure);
if (wanted("heic")) {
  const { measureHeic } = await import("@/bench/heic");
  report(await measureHeic());
}
if (wanted("video")) {
  const { measureVideo } = await import("@/bench/video");
  report(await measureVideo());
}
const WITHOUT_STACK = ["heic", "video"];
if (only.length > 0 && only.every((figure) => WITHOUT_STACK.includes(figure))) process.exit(0);

// The store in a process of its own, as the launcher runs it (and as MinIO or S3 would be).
const stack = await startStack(runEnv, { storeInOwnProcess: true });
try {
  const user = await createUser();
  if (wanted("upload-latency")) await uploadLatency(user.token);
  if (wanted("upload-memory")) await uploadMemory(user.token, stack.launcherPid);
  if (wanted("worker-throughput")) await workerThroughput(user.token);
  if (wanted("grid-slow-network")) await gridOnSlowNetwork();
  if (wanted("grid-slow-network-http2")) await gridOnSlowNetworkOverHttp2();
  if (wanted("grid-queries")) await gridQueries();
  // Last: the videos it queues go on transcoding after it.
  if (wanted("video-contention")) await videoContention(user.token);
} finally {
  await stack.stop();
}
process.exit(0);
