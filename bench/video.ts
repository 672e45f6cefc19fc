import { spawn } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { probeVideo } from "@/lib/photos/probe-video";
import { renderThumbnails } from "@/lib/photos/render-thumbnails";
import { extractPoster, playbackTranscodeArgs, transcodeForPlayback } from "@/lib/photos/transcode-video";

/** A phone's clip as the figures take it: 1080p at 30 frames a second, with sound. */
const CLIP = { width: 1920, height: 1080, fps: 30 };

/** ffmpeg as a shell runs it: nothing around it, no niceness. */
export function runFfmpeg(args: string[]): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn("ffmpeg", ["-nostdin", "-hide_banner", "-v", "error", ...args], { stdio: ["ignore", "ignore", "pipe"] });
    let stderr = "";
    child.stderr.setEncoding("utf8").on("data", (chunk: string) => (stderr += chunk));
    child.once("error", reject);
    child.once("close", (code) => (code === 0 ? resolve() : reject(new Error(`ffmpeg ${args.join(" ")}: exit ${code}: ${stderr.slice(-500)}`))));
  });
}

/**
 * `seconds` of 1080p30 H.264 with AAC: a moving test pattern under grain, so that it costs a
 * decoder about what camera footage does. `pixelFormat` yuv444p makes one no browser plays, which
 * the worker must transcode.
 */
export async function makeClip(file: string, seconds: number, pixelFormat: "yuv420p" | "yuv444p" = "yuv420p"): Promise<string> {
  await runFfmpeg([
    "-f", "lavfi", "-i", `testsrc2=size=${CLIP.width}x${CLIP.height}:rate=${CLIP.fps}:duration=${seconds}`,
    "-f", "lavfi", "-i", `sine=frequency=440:duration=${seconds}`,
    "-vf", "noise=alls=12:allf=t",
    "-c:v", "libx264", "-preset", "ultrafast", "-b:v", "12M", "-pix_fmt", pixelFormat,
    "-c:a", "aac", "-b:a", "128k", "-movflags", "+faststart", "-y", file,
  ]);
  return file;
}

const seconds = (started: number) => (performance.now() - started) / 1000;
const round = (value: number) => +value.toFixed(3);

/**
 * A 60 s 1080p H.264 clip: its probe, poster and three WebP sizes as the worker makes them
 * (seconds), and its playback rendition through the worker's code against a bare ffmpeg run of
 * the same command (seconds of video transcoded per second).
 */
export async function measureVideo() {
  const dir = await mkdtemp(path.join(tmpdir(), "bench-video-"));
  try {
    const clip = await makeClip(path.join(dir, "clip.mp4"), 60);

    let started = performance.now();
    const probe = await probeVideo(clip);
    const poster = path.join(dir, "poster.png");
    await extractPoster(clip, poster, probe);
    await renderThumbnails(poster);
    const posterSeconds = seconds(started);

    // The bare run first: the page cache then holds the clip for both.
    started = performance.now();
    await runFfmpeg(playbackTranscodeArgs(clip, path.join(dir, "bare.mp4"), probe));
    const bareSeconds = seconds(started);
    started = performance.now();
    await transcodeForPlayback(clip, path.join(dir, "worker.mp4"), probe);
    const workerSeconds = seconds(started);

    const clipSeconds = probe.durationMs / 1000;
    return {
      figure: "video",
      clip: `${clipSeconds} s ${CLIP.width}x${CLIP.height}@${CLIP.fps} H.264/AAC`,
      poster_and_thumbnails_s: round(posterSeconds),
      rendition_worker_video_s_per_s: round(clipSeconds / workerSeconds),
      rendition_bare_ffmpeg_video_s_per_s: round(clipSeconds / bareSeconds),
      rendition_ratio: round(bareSeconds / workerSeconds),
      goal: "rendition_ratio >= 0.9",
    };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
