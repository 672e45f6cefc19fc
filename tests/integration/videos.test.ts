import { spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { createReadStream, createWriteStream } from "node:fs";
import { mkdtemp, readFile, rm, stat } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { Queue } from "bullmq";
import sharp from "sharp";
import * as tus from "tus-js-client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Photo } from "@/lib/contract/photos";
import { api, createUser, uploadFixture, waitForSettled, type TestUser } from "@/tests/support/api";
import { videoFixturePath } from "@/tests/support/fixtures";
import { topLevelBoxes } from "@/tests/support/iso-boxes";
import { residentBytes, sleep, startWebServer, startWorker } from "@/tests/support/processes";
import { deleteRedisKeys } from "@/tests/support/stack";
import { freePort } from "@/tests/support/test-run";

const PLAYABLE = ["hevc.mov", "vp9-opus.webm", "clip.3gp", "rotated-h264.mov", "h264-aac.mp4"];

async function sha256OfFile(file: string): Promise<string> {
  const hash = createHash("sha256");
  await pipeline(createReadStream(file), hash);
  return hash.digest("hex");
}

function ffprobe(file: string) {
  const probe = spawnSync("ffprobe", ["-v", "error", "-print_format", "json", "-show_streams", "-show_format", file], { encoding: "utf8" });
  expect(probe.status, probe.stderr).toBe(0);
  return JSON.parse(probe.stdout) as { streams: { codec_type: string; codec_name: string; pix_fmt?: string; width?: number; height?: number }[] };
}

function ffmpeg(...args: string[]) {
  const run = spawnSync("ffmpeg", ["-nostdin", "-v", "error", "-y", ...args], { encoding: "utf8" });
  expect(run.status, run.stderr).toBe(0);
}

async function download(url: string, file: string) {
  const response = await fetch(url);
  expect(response.status).toBe(200);
  await pipeline(Readable.fromWeb(response.body as never), createWriteStream(file));
  return response;
}

/** The video queue the suite's worker consumes, as the web process queues to it. */
async function suiteVideoQueue() {
  const { videoQueue } = await import("@/lib/queue");
  return videoQueue();
}

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), "videos-test-"));
});
afterAll(() => rm(dir, { recursive: true, force: true }));

describe("videos, end to end", () => {
  let user: TestUser;
  const settled = new Map<string, Photo>();

  beforeAll(async () => {
    user = await createUser();
    const uploaded = new Map<string, Photo>();
    for (const name of [...PLAYABLE, "truncated.mp4"]) {
      const { response, body } = await uploadFixture(user, videoFixturePath(name), { lastModified: String(Date.UTC(2020, 0, 2)) });
      expect(response.status, name).toBe(201);
      expect(body.photo).toMatchObject({ kind: "video", status: "processing", playback: null });
      uploaded.set(name, body.photo);
    }
    for (const [name, photo] of uploaded) settled.set(name, await waitForSettled(user, photo.id, 120_000));
  }, 180_000);

  it("makes each one ready with its duration, display size and three WebP thumbnails of its poster", async () => {
    const sizes: Record<string, [number, number]> = {
      "hevc.mov": [320, 240],
      "vp9-opus.webm": [320, 240],
      "clip.3gp": [176, 144],
      "rotated-h264.mov": [240, 320],
      "h264-aac.mp4": [320, 240],
    };
    for (const name of PLAYABLE) {
      const photo = settled.get(name)!;
      expect(photo.status, `${name}: ${photo.error}`).toBe("ready");
      expect(Math.abs(photo.durationMs! - 2000), name).toBeLessThanOrEqual(20);
      expect([photo.width, photo.height], name).toEqual(sizes[name]);
      expect(photo.thumbhash).toMatch(/^[A-Za-z0-9+/=]+$/);
      for (const url of Object.values(photo.thumbnails!)) {
        const response = await fetch(url);
        expect(response.headers.get("content-type")).toBe("image/webp");
        const meta = await sharp(Buffer.from(await response.arrayBuffer())).metadata();
        // Upright: the poster of the rotated clip is as tall as it is displayed.
        expect(meta.width / meta.height, name).toBeCloseTo(photo.width! / photo.height!, 1);
      }
    }
  });

  it("takes the capture time and its offset from the QuickTime date", () => {
    expect(settled.get("rotated-h264.mov")).toMatchObject({ takenAt: "2023-06-01T08:00:00.000Z", takenAtOffset: "+02:00" });
    // No date in the file: the client's lastModified stays.
    expect(settled.get("hevc.mov")!.takenAt).toBe("2020-01-02T00:00:00.000Z");
  });

  it("stores Apple's content identifier", async () => {
    const { db } = await import("@/lib/db");
    const row = await db.photo.findUniqueOrThrow({ where: { id: settled.get("rotated-h264.mov")!.id } });
    expect(row.contentIdentifier).toBe("4F1C8E2A-7B3D-4E5F-9A6B-1C2D3E4F5A6B");
  });

  it("plays H.264/AAC MP4 with the moov atom first, seekable with range requests", async () => {
    for (const name of ["hevc.mov", "vp9-opus.webm", "clip.3gp", "rotated-h264.mov"]) {
      const photo = settled.get(name)!;
      expect(new URL(photo.playback!).pathname, name).toMatch(/\/thumbnails\/.*\/playback\.mp4$/);
      const file = path.join(dir, `${name}.mp4`);
      const response = await download(photo.playback!, file);
      expect(response.headers.get("content-type")).toBe("video/mp4");
      const { streams } = ffprobe(file);
      expect(streams.find((stream) => stream.codec_type === "video"), name).toMatchObject({ codec_name: "h264", pix_fmt: "yuv420p" });
      expect(streams.find((stream) => stream.codec_type === "audio"), name).toMatchObject({ codec_name: "aac" });
      const boxes = await topLevelBoxes(file);
      expect(boxes.indexOf("moov"), name).toBeLessThan(boxes.indexOf("mdat"));
      const range = await fetch(photo.playback!, { headers: { range: "bytes=0-99" } });
      expect(range.status).toBe(206);
      expect((await range.arrayBuffer()).byteLength).toBe(100);
    }
  });

  it("plays an original that every browser plays as it is", async () => {
    const photo = settled.get("h264-aac.mp4")!;
    expect(new URL(photo.playback!).pathname).toContain(`/originals/`);
    const file = path.join(dir, "as-is.mp4");
    await download(photo.playback!, file);
    expect(await sha256OfFile(file)).toBe(photo.sha256);
  });

  it("marks a truncated video failed with the reason, its original kept and downloadable byte for byte", async () => {
    const photo = settled.get("truncated.mp4")!;
    expect(photo.status).toBe("failed");
    expect(photo.error).toBe("The video could not be decoded: moov atom not found; the file: Invalid data found when processing input");
    const original = await api(user, `/api/v1/photos/${photo.id}/original`);
    expect(original.status).toBe(302);
    const bytes = Buffer.from(await (await fetch(original.headers.get("location")!)).arrayBuffer());
    expect(bytes.equals(await readFile(videoFixturePath("truncated.mp4")))).toBe(true);
  });
});

describe("the video queue", () => {
  it("never holds up a photo: with videos' queue paused, a photo still becomes ready", async () => {
    const user = await createUser();
    const queue = await suiteVideoQueue();
    await queue.pause();
    try {
      const video = await uploadFixture(user, videoFixturePath("hevc.mov"), { lastModified: String(Date.UTC(2021, 0, 1)) });
      const photo = await uploadFixture(user, "camera/Canon_40D.jpg");
      expect((await waitForSettled(user, photo.body.photo.id, 60_000)).status).toBe("ready");
      expect((await (await api(user, `/api/v1/photos/${video.body.photo.id}`)).json()).photo.status).toBe("processing");
      await queue.resume();
      expect((await waitForSettled(user, video.body.photo.id, 60_000)).status).toBe("ready");
    } finally {
      await queue.resume();
    }
  }, 120_000);

  it("routes a video's jobs to its own queue: remakes for new thumbnail sizes, an admin's reprocess, the reconciler's re-queue", async () => {
    const user = await createUser();
    const { body } = await uploadFixture(user, videoFixturePath("clip.3gp"));
    expect((await waitForSettled(user, body.photo.id, 60_000)).status).toBe("ready");
    const { photoQueue, thumbnailJobId } = await import("@/lib/queue");
    const { adminReprocessUser } = await import("@/lib/admin");
    const { reconcileProcessingPhotos } = await import("@/lib/photos/reconcile-processing");
    const { regenerateOutdatedThumbnails } = await import("@/lib/photos/regenerate-thumbnails");
    const { db } = await import("@/lib/db");
    const queue = await suiteVideoQueue();
    const queuedJob = () => queue.getJob(thumbnailJobId(body.photo.id));
    await queue.pause();
    try {
      await db.photo.update({ where: { id: body.photo.id }, data: { thumbnailVersion: 1 } });
      expect(await regenerateOutdatedThumbnails()).toBeGreaterThanOrEqual(1);
      expect(await queuedJob()).toMatchObject({ name: "process-video", opts: { priority: 100 } });
      await (await queuedJob())!.remove();

      expect(await adminReprocessUser(user.email)).toBe(1);
      expect((await queuedJob())?.name).toBe("process-video");
      expect(await photoQueue().getJob(thumbnailJobId(body.photo.id))).toBeUndefined();

      // A processing video whose job is gone: the reconciler queues it on the videos queue again.
      await (await queuedJob())!.remove();
      await db.photo.update({ where: { id: body.photo.id }, data: { status: "processing" } });
      const { requeued } = await reconcileProcessingPhotos(new Date(Date.now() + 60_000));
      expect(requeued).toBeGreaterThanOrEqual(1);
      expect((await queuedJob())?.name).toBe("process-video");
    } finally {
      await queue.resume();
    }
    expect((await waitForSettled(user, body.photo.id, 60_000)).status).toBe("ready");
  }, 120_000);

  it("waits, processing and delayed, never failed, on a worker without ffmpeg, saying how to install it", async () => {
    const user = await createUser();
    const queue = await suiteVideoQueue();
    // The video stays in the suite's paused queue; a worker of a prefix of its own, without ffprobe, gets its job.
    await queue.pause();
    const prefix = `${process.env.REDIS_PREFIX}_noffmpeg`;
    const { VIDEO_QUEUE } = await import("@/lib/queue/jobs");
    const lonely = new Queue(VIDEO_QUEUE, { connection: { url: process.env.REDIS_URL }, prefix });
    const missing = path.join(dir, "no-such-ffprobe");
    const worker = await startWorker({ ...process.env, LOG_LEVEL: "info", REDIS_PREFIX: prefix, WORKER_QUEUES: "videos", FFPROBE_PATH: missing, FFMPEG_PATH: missing });
    try {
      const { body } = await uploadFixture(user, videoFixturePath("vp9-opus.webm"));
      const job = await lonely.add("process-video", { photoId: body.photo.id }, { jobId: `thumbnails-${body.photo.id}`, attempts: 3 });
      const line = await worker.waitForLog((entry) => String(entry.msg).startsWith("video waiting for ffmpeg"));
      expect(line.msg).toContain("apt-get install ffmpeg");
      await sleep(500);
      expect(await job.getState()).toBe("delayed");
      const stored = (await lonely.getJob(job.id!))!;
      expect(stored.attemptsMade).toBe(0);
      expect(worker.logs().some((entry) => entry.msg === "job failed")).toBe(false);
      expect((await (await api(user, `/api/v1/photos/${body.photo.id}`)).json()).photo.status).toBe("processing");
      // The worker said so at start-up too.
      expect(worker.logs().some((entry) => String(entry.msg).includes("videos wait, processing, until it is installed"))).toBe(true);
      await queue.resume();
      expect((await waitForSettled(user, body.photo.id, 60_000)).status).toBe("ready");
    } finally {
      await queue.resume();
      await worker.stop();
      await lonely.close();
      await deleteRedisKeys(process.env.REDIS_URL!, prefix);
    }
  }, 120_000);
});

/**
 * The large upload's limit, on a web process of its own: at the suite's 24 MiB the over-limit
 * tests stay cheap, as they must stream the limit's worth of bytes to be refused.
 */
const LARGE_UPLOAD_LIMIT = 384 * 1024 * 1024;

describe("a video of several hundred MB", () => {
  it("goes through the resumable upload whole, with the web process's memory flat", async () => {
    const user = await createUser();
    // Noise does not compress: 3 s of it at 1080p is about 100 MB of H.264, looped three times without re-encoding.
    const noisy = path.join(dir, "noisy.mp4");
    const large = path.join(dir, "large.mp4");
    ffmpeg("-f", "lavfi", "-i", "testsrc2=size=1920x1080:rate=24:duration=3,noise=alls=60:allf=t+u", "-c:v", "libx264", "-preset", "ultrafast", "-crf", "16", "-pix_fmt", "yuv420p", noisy);
    ffmpeg("-stream_loop", "2", "-i", noisy, "-c", "copy", "-movflags", "+faststart", large);
    await rm(noisy);
    const { size } = await stat(large);
    expect(size).toBeGreaterThan(250 * 1024 * 1024);
    expect(size).toBeLessThan(LARGE_UPLOAD_LIMIT);
    const hash = await sha256OfFile(large);

    const port = await freePort();
    const web = await startWebServer({ LOG_LEVEL: "warn", MAX_UPLOAD_BYTES: String(LARGE_UPLOAD_LIMIT) }, port);
    const send = (file: string, bytes: number, metadata: Record<string, string>) =>
      new Promise<Photo>((resolve, reject) => {
        new tus.Upload(createReadStream(file), {
          endpoint: `http://127.0.0.1:${port}/api/v1/uploads`,
          headers: { authorization: `Bearer ${user.token}` },
          chunkSize: 16 * 1024 * 1024,
          uploadSize: bytes,
          metadata,
          retryDelays: [],
          onError: reject,
          onSuccess: ({ lastResponse }) => resolve((JSON.parse(lastResponse.getBody()) as { photo: Photo }).photo),
        }).start();
      });
    let photoId: string;
    try {
      // A small upload first, so the server has loaded the routes before its memory is measured.
      const small = videoFixturePath("h264-aac.mp4");
      await send(small, (await stat(small)).size, { filename: "small.mp4" });
      const pid = web.child.pid!;
      const baseline = await residentBytes(pid);
      let peak = baseline;
      const sampler = setInterval(() => void residentBytes(pid).then((bytes) => (peak = Math.max(peak, bytes)), () => {}), 100);
      const started = Date.now();
      try {
        photoId = (await send(large, size, { filename: "large.mp4", lastModified: String(Date.UTC(2022, 2, 3)), sha256: hash })).id;
      } finally {
        clearInterval(sampler);
      }
      const seconds = (Date.now() - started) / 1000;
      const growth = peak - baseline;
      console.log(`${(size / 1024 ** 2).toFixed(0)} MB through tus in ${seconds.toFixed(1)} s; web RSS ${(baseline / 1024 ** 2).toFixed(0)} MB, peak +${(growth / 1024 ** 2).toFixed(0)} MB`);
      expect(growth).toBeLessThan(150 * 1024 * 1024);
    } finally {
      await web.stop();
    }

    const photo = await waitForSettled(user, photoId, 180_000);
    expect(photo).toMatchObject({ kind: "video", sha256: hash, size, status: "ready", width: 1920, height: 1080 });
    const { getObjectStream, objectKeys } = await import("@/lib/storage");
    const { db } = await import("@/lib/db");
    const { userId } = await db.photo.findUniqueOrThrow({ where: { id: photoId } });
    const stored = createHash("sha256");
    await pipeline(await getObjectStream(objectKeys.original(userId, photoId)), stored);
    expect(stored.digest("hex")).toBe(hash);
    await rm(large);
  }, 300_000);
});
