/**
 * Crashes, outages and logs, with the app's processes started as production starts them (the
 * migrate command, the standalone web server, workers) on a database and a Redis of their own:
 * this file kills and restarts them, and the rest of the suite must not notice.
 */
import { spawnSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { request } from "node:http";
import { tmpdir } from "node:os";
import path from "node:path";
import { Queue } from "bullmq";
import pg from "pg";
import sharp from "sharp";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parse } from "yaml";
import { THUMBNAIL_VERSION } from "@/lib/photos/render-thumbnails";
import { thumbnailJobId } from "@/lib/queue";
import { PHOTO_QUEUE } from "@/lib/queue/jobs";
import { api, createUser, expectError, fixturePath, upload, type TestUser } from "@/tests/support/api";
import { sleep, startWebServer, startWorker, type AppProcess } from "@/tests/support/processes";
import { RedisServer } from "@/tests/support/redis-server";
import { freePort } from "@/tests/support/test-run";

const redisDir = mkdtempSync(path.join(tmpdir(), "photo-backup-redis-"));
let redis: RedisServer;
let env: { DATABASE_URL: string; REDIS_URL: string; REDIS_PREFIX: string; RECONCILE_INTERVAL_SECONDS: string; WORKER_CONCURRENCY: string };
let database: pg.Client;
let queue: Queue;
let web: AppProcess;
let user: TestUser;
const started: AppProcess[] = [];

/** Starts a process that afterAll stops, whatever the test did with it. */
async function withProcess(starting: Promise<AppProcess>) {
  const child = await starting;
  started.push(child);
  return child;
}

/**
 * A 20-megapixel PNG of about 16 MB, each one different (a gradient with noise in the lowest bit).
 * A PNG has no shrink-on-load as a JPEG has: its thumbnails take the worker most of a second.
 */
async function largePhoto(): Promise<Buffer> {
  const [width, height] = [5000, 4000];
  const pixels = randomBytes(width * height * 3);
  for (let i = 0; i < pixels.length; i++) pixels[i] = ((i % (width * 3)) / 59 + (pixels[i]! >> 7)) & 255;
  return sharp(pixels, { raw: { width, height, channels: 3 } }).png({ compressionLevel: 6 }).toBuffer();
}

async function smallPhoto(): Promise<Buffer> {
  const [r, g, b] = randomBytes(3);
  return sharp({ create: { width: 64, height: 48, channels: 3, background: { r: r!, g: g!, b: b! } } })
    .composite([{ input: randomBytes(16 * 16 * 3), raw: { width: 16, height: 16, channels: 3 }, left: 8, top: 8 }])
    .jpeg()
    .toBuffer();
}

async function uploadPhoto(bytes: Buffer, filename = "photo.jpg"): Promise<string> {
  const response = await upload(user, bytes, { filename });
  expect(response.status).toBe(201);
  return ((await response.json()) as { photo: { id: string } }).photo.id;
}

async function photoStatus(photoId: string): Promise<string | undefined> {
  const { rows } = await database.query<{ status: string }>("SELECT status FROM photos WHERE id = $1", [photoId]);
  return rows[0]?.status;
}

async function waitForStatus(photoIds: string[], status: string, timeoutMs: number) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const { rows } = await database.query<{ id: string; status: string }>("SELECT id, status FROM photos WHERE id = ANY($1::uuid[])", [photoIds]);
    const pending = rows.filter((row) => row.status !== status);
    if (rows.length === photoIds.length && pending.length === 0) return;
    if (Date.now() > deadline) {
      throw new Error(`${pending.length + photoIds.length - rows.length} of ${photoIds.length} photos not ${status}: ${JSON.stringify(pending)}`);
    }
    await sleep(200);
  }
}

/** Polls until the photo's thumbnail job is running on a worker. */
async function waitForActiveJob(photoId: string) {
  const deadline = Date.now() + 30_000;
  for (;;) {
    const job = await queue.getJob(thumbnailJobId(photoId));
    if (job && (await job.getState()) === "active") return;
    if (Date.now() > deadline) throw new Error(`The job of ${photoId} did not start`);
    await sleep(20);
  }
}

beforeAll(async () => {
  redis = new RedisServer(await freePort(), redisDir);
  await redis.start();
  const databaseUrl = new URL(process.env.DATABASE_URL!);
  databaseUrl.pathname += "_faults";
  env = {
    DATABASE_URL: databaseUrl.toString(),
    REDIS_URL: redis.url,
    REDIS_PREFIX: "pb",
    RECONCILE_INTERVAL_SECONDS: "5",
    WORKER_CONCURRENCY: "1",
  };

  const migrate = spawnSync(process.execPath, [path.resolve("dist/worker/migrate.js")], {
    env: { ...process.env, ...env },
    encoding: "utf8",
  });
  expect(migrate.status, migrate.stderr).toBe(0);
  expect(migrate.stdout).toMatch(/Applied migrations: \d+_init/);

  database = new pg.Client({ connectionString: env.DATABASE_URL });
  await database.connect();
  queue = new Queue(PHOTO_QUEUE, { connection: { host: "127.0.0.1", port: redis.port }, prefix: env.REDIS_PREFIX });
  queue.on("error", () => {}); // while Redis is stopped on purpose

  const port = await freePort();
  web = await withProcess(startWebServer({ ...env, LOG_LEVEL: "info" }, port));
  // The helpers in tests/support/api.ts talk to BASE_URL; this file (its own process) points them here.
  process.env.BASE_URL = `http://127.0.0.1:${port}`;
  user = await createUser();
}, 120_000);

afterAll(async () => {
  await Promise.all(started.map((child) => child.stop()));
  await queue?.close();
  await database?.end();
  await redis?.stop();
  rmSync(redisDir, { recursive: true, force: true });
  if (!env) return;
  const admin = new pg.Client({ connectionString: process.env.DATABASE_URL });
  await admin.connect();
  await admin.query(`DROP DATABASE IF EXISTS ${pg.escapeIdentifier(new URL(env.DATABASE_URL).pathname.slice(1))} WITH (FORCE)`);
  await admin.end();
});

describe("store unreachable", () => {
  it("uploads answer 503 and leave no row behind", async () => {
    const port = await freePort();
    const closedPort = await freePort();
    const storeless = await withProcess(startWebServer({ ...env, S3_ENDPOINT: `http://127.0.0.1:${closedPort}`, LOG_LEVEL: "silent" }, port));
    const bytes = await readFile(fixturePath("camera/Pentax_K10D.jpg"));
    for (const fields of [{}, { size: String(bytes.length) }]) {
      const form = new FormData();
      for (const [name, value] of Object.entries(fields)) form.append(name, value);
      form.append("file", new Blob([new Uint8Array(bytes)]), "Pentax_K10D.jpg");
      const response = await fetch(`http://127.0.0.1:${port}/api/v1/photos`, {
        method: "POST",
        headers: { authorization: `Bearer ${user.token}` },
        body: form,
      });
      await expectError(response, 503, "service_unavailable");
    }
    const { rows } = await database.query("SELECT id FROM photos WHERE user_id = (SELECT id FROM users WHERE email = $1)", [user.email]);
    expect(rows).toEqual([]);
    await storeless.stop();
  });
});

describe("worker crashes", () => {
  it("a job whose worker was killed (SIGKILL) is taken over by another worker, and the photo ends ready", async () => {
    const doomed = await withProcess(startWorker(env));
    const photoId = await uploadPhoto(await largePhoto(), "large.png");
    await waitForActiveJob(photoId);
    doomed.signal("SIGKILL");
    await doomed.exited();
    // Killed in the middle: the job still holds the dead worker's lock.
    expect(await (await queue.getJob(thumbnailJobId(photoId)))!.getState()).toBe("active");
    expect(await photoStatus(photoId)).toBe("processing");

    const rescuer = await withProcess(startWorker(env));
    // BullMQ moves a job back to the queue once its lock (30 s) lapses without renewal.
    await waitForStatus([photoId], "ready", 100_000);
    await rescuer.stop();
  }, 150_000);

  it("a worker told to stop (SIGTERM) during a job finishes it before it exits", async () => {
    const worker = await withProcess(startWorker(env));
    const photoId = await uploadPhoto(await largePhoto(), "large.png");
    await waitForActiveJob(photoId);
    worker.signal("SIGTERM");
    expect(await worker.exited()).toEqual({ code: 0, signal: null });
    expect(await photoStatus(photoId), worker.output.join("\n")).toBe("ready");
  });
});

describe("web server stopped (SIGTERM) during an upload", () => {
  it("finishes the upload before it exits, and the photo is processed", async () => {
    const port = await freePort();
    const server = await withProcess(startWebServer(env, port));
    const bytes = await largePhoto();
    const boundary = `----photo-backup-${randomBytes(8).toString("hex")}`;
    const head = Buffer.from(`--${boundary}\r\ncontent-disposition: form-data; name="file"; filename="large.png"\r\ncontent-type: image/png\r\n\r\n`);
    const tail = Buffer.from(`\r\n--${boundary}--\r\n`);
    const answer = new Promise<{ status: number; body: string }>((resolve, reject) => {
      const sending = request(`http://127.0.0.1:${port}/api/v1/photos`, {
        method: "POST",
        headers: {
          authorization: `Bearer ${user.token}`,
          "content-type": `multipart/form-data; boundary=${boundary}`,
          "content-length": head.length + bytes.length + tail.length,
        },
      });
      sending.on("response", (response) => {
        let body = "";
        response.setEncoding("utf8").on("data", (text) => (body += text));
        response.on("end", () => resolve({ status: response.statusCode!, body }));
      });
      sending.on("error", reject);
      void (async () => {
        sending.write(head);
        const chunk = 1024 * 1024;
        for (let offset = 0; offset < bytes.length; offset += chunk) {
          sending.write(bytes.subarray(offset, offset + chunk));
          // A third of the way in, the server is told to stop.
          if (offset === 6 * chunk) server.signal("SIGTERM");
          await sleep(40);
        }
        sending.end(tail);
      })();
    });

    const { status, body } = await answer;
    expect(status, body).toBe(201);
    await server.exited();
    // Stopped for good: it took no new connections after the signal.
    expect(await fetch(`http://127.0.0.1:${port}/api/health/live`).then(() => "answered", () => "refused")).toBe("refused");

    const photoId = (JSON.parse(body) as { photo: { id: string } }).photo.id;
    const worker = await withProcess(startWorker(env));
    await waitForStatus([photoId], "ready", 60_000);
    await worker.stop();
  });
});

describe("Redis stopped and started while uploads run", () => {
  it("every upload is either refused with a 503 or ends ready once Redis is back", async () => {
    const worker = await withProcess(startWorker(env));
    const accepted: string[] = [];
    const refused: number[] = [];
    let duringOutage = 0;
    let redisDown = false;

    const lane = async (count: number) => {
      for (let i = 0; i < count; i++) {
        const wasDown = redisDown;
        const response = await upload(user, await smallPhoto());
        if (wasDown || redisDown) duringOutage++;
        if (response.status === 201) accepted.push(((await response.json()) as { photo: { id: string } }).photo.id);
        else {
          await expectError(response, 503, "service_unavailable");
          refused.push(response.status);
        }
      }
    };
    const outage = (async () => {
      while (accepted.length < 6) await sleep(20);
      redisDown = true;
      await redis.stop();
      await sleep(4000);
      await redis.start();
      redisDown = false;
    })();
    await Promise.all([lane(10), lane(10), lane(10), outage]);

    expect(accepted.length + refused.length).toBe(30);
    expect(duringOutage).toBeGreaterThan(0);
    // Photos accepted while Redis was down have no job yet: the reconciler (every 5 s here) queues them.
    await waitForStatus(accepted, "ready", 90_000);
    const listed = await api(user, "/api/v1/photos?limit=100");
    const ids = ((await listed.json()) as { photos: { id: string }[] }).photos.map((photo) => photo.id);
    expect(ids).toEqual(expect.arrayContaining(accepted));
    await worker.stop();
  }, 150_000);
});

describe("request ids", () => {
  const postPhoto = async (headers: Record<string, string>) => {
    const form = new FormData();
    form.append("file", new Blob([new Uint8Array(await smallPhoto())]), "photo.jpg");
    return fetch(`${process.env.BASE_URL}/api/v1/photos`, { method: "POST", headers: { authorization: `Bearer ${user.token}`, ...headers }, body: form });
  };

  it("join a request's log line in the web server to its job's in the worker", async () => {
    const worker = await withProcess(startWorker(env));
    const requestId = `trace-${randomBytes(6).toString("hex")}`;
    const response = await postPhoto({ "x-request-id": requestId });
    expect(response.status).toBe(201);
    expect(response.headers.get("x-request-id")).toBe(requestId);

    const logged = await web.waitForLog((entry) => entry.msg === "request" && entry.requestId === requestId);
    expect(logged).toMatchObject({ service: "web", method: "POST", path: "/api/v1/photos", status: 201, ms: expect.any(Number) });
    const done = await worker.waitForLog((entry) => entry.msg === "job done" && entry.requestId === requestId);
    expect(done).toMatchObject({ service: "worker", job: "generate-thumbnails", seconds: expect.any(Number) });
    await worker.stop();
  });

  it("are made up when a request brings none, or a malformed one", async () => {
    const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
    for (const headers of [{}, { "x-request-id": "no spaces allowed" }, { "x-request-id": "x".repeat(65) }] as Record<string, string>[]) {
      const response = await api(user, "/api/v1/photos?limit=1", { headers });
      expect(response.headers.get("x-request-id")).toMatch(uuid);
    }
    // Errors carry one too.
    const refused = await api(null, "/api/v1/photos", { headers: { "x-request-id": "refused-1" } });
    expect(refused.status).toBe(401);
    expect(refused.headers.get("x-request-id")).toBe("refused-1");
  });
});

describe("thumbnail sizes changed", () => {
  it("a worker that starts remakes the thumbnails made with older sizes", async () => {
    const photoId = await uploadPhoto(await smallPhoto());
    const worker = await withProcess(startWorker(env));
    await waitForStatus([photoId], "ready", 30_000);
    await worker.stop();
    await database.query("UPDATE photos SET thumbnail_version = 0 WHERE id = $1", [photoId]);

    const next = await withProcess(startWorker(env));
    await next.waitForLog((entry) => entry.msg === "job done" && entry.job === "regenerate-thumbnails");
    await expect
      .poll(async () => (await database.query("SELECT thumbnail_version, status FROM photos WHERE id = $1", [photoId])).rows[0], { timeout: 30_000 })
      .toEqual({ thumbnail_version: THUMBNAIL_VERSION, status: "ready" });
    await next.stop();
  });
});

describe("worker health check", () => {
  it("passes while the worker reaches Redis (the command compose runs, against its heartbeat file)", async () => {
    const ownTmp = mkdtempSync(path.join(tmpdir(), "photo-backup-worker-tmp-"));
    try {
      const worker = await withProcess(startWorker({ ...env, TMPDIR: ownTmp }));
      const compose = parse(await readFile("docker-compose.yml", "utf8"), { merge: true }) as {
        services: { worker: { healthcheck: { test: string[] } } };
      };
      const [, command, flag, script] = compose.services.worker.healthcheck.test;
      const healthcheck = () => spawnSync(command!, [flag!, script!.replace("/tmp/", `${ownTmp}/`)]).status;
      await expect.poll(healthcheck, { timeout: 10_000 }).toBe(0);
      await worker.stop();
      rmSync(path.join(ownTmp, "photo-backup-worker.heartbeat"));
      expect(healthcheck()).not.toBe(0);
    } finally {
      rmSync(ownTmp, { recursive: true, force: true });
    }
  });
});
