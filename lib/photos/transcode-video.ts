import { stat } from "node:fs/promises";
import { FFMPEG_THREADS, runVideoTool, UndecodableVideoError } from "@/lib/photos/ffmpeg";
import type { VideoProbe } from "@/lib/photos/probe-video";

/**
 * How a video is made playable in every browser: as it is (H.264 8-bit 4:2:0 with AAC or no
 * sound, in MP4), remuxed into MP4 (those streams in another container, e.g. a QuickTime MOV,
 * which Firefox and Chrome on some systems will not open as `video/quicktime`: a copy of the
 * streams costs a read and a write, no re-encoding), or transcoded (HEVC, VP9, H.263, 10-bit, …).
 */
export type PlaybackPlan = "original" | "remux" | "transcode";

export function playbackPlan(probe: Pick<VideoProbe, "videoCodec" | "pixelFormat" | "audioCodec">, contentType: string): PlaybackPlan {
  const playableVideo = probe.videoCodec === "h264" && (probe.pixelFormat === "yuv420p" || probe.pixelFormat === "yuvj420p");
  const playableAudio = probe.audioCodec === null || probe.audioCodec === "aac";
  if (!playableVideo || !playableAudio) return "transcode";
  return contentType === "video/mp4" ? "original" : "remux";
}

/** The rendition's box: short edge at most 1080, long edge at most 1920, never upscaled. */
export function renditionBox(width: number, height: number): { width: number; height: number } {
  const [longEdge, shortEdge] = width >= height ? [1920, 1080] : [1080, 1920];
  return { width: Math.min(width, longEdge), height: Math.min(height, shortEdge) };
}

/** A transcode runs at about real time or faster on one core at 1080p: longer means it is stuck. */
const transcodeTimeoutMs = (durationMs: number) => 10 * 60_000 + 20 * durationMs;

// Both sides of ffmpeg bounded: the decoder's threads (input option) and the encoder's (output option).
const threads = ["-threads", String(FFMPEG_THREADS)];

/**
 * Writes an H.264 (8-bit 4:2:0) + AAC MP4 of a video to `output`, within renditionBox, the moov
 * atom first (`+faststart`) so playback and seeking start before the whole file is fetched.
 * ffmpeg turns the frames upright (its autorotate), so the rendition carries no rotation.
 * `probe` gives its display size and duration (probeVideo).
 */
export async function transcodeForPlayback(input: string, output: string, probe: Pick<VideoProbe, "width" | "height" | "durationMs">): Promise<void> {
  const box = renditionBox(probe.width, probe.height);
  const scale = `scale=w=${box.width}:h=${box.height}:force_original_aspect_ratio=decrease:force_divisible_by=2,format=yuv420p`;
  await runVideoTool(
    "ffmpeg",
    [
      ...threads,
      "-i", input,
      "-map", "0:v:0", "-map", "0:a:0?", "-map_metadata", "-1", "-map_chapters", "-1",
      "-vf", scale,
      "-c:v", "libx264", "-preset", "veryfast", "-crf", "23", "-profile:v", "high",
      "-c:a", "aac", "-b:a", "128k", "-ac", "2",
      ...threads,
      "-movflags", "+faststart",
      "-f", "mp4", "-y", output,
    ],
    { timeoutMs: transcodeTimeoutMs(probe.durationMs), pixels: probe.width * probe.height },
  );
}

/** Copies a video's H.264 and AAC streams into an MP4, moov first; the display matrix is kept. */
export async function remuxForPlayback(input: string, output: string): Promise<void> {
  await runVideoTool("ffmpeg", ["-i", input, "-map", "0:v:0", "-map", "0:a:0?", "-c", "copy", "-movflags", "+faststart", "-f", "mp4", "-y", output], {
    timeoutMs: 10 * 60_000,
  });
}

/**
 * Writes `output`, the MP4 every browser plays, when the video needs one (playbackPlan); false
 * when the original plays as it is.
 */
export async function writePlayback(input: string, output: string, probe: VideoProbe, contentType: string): Promise<boolean> {
  const plan = playbackPlan(probe, contentType);
  if (plan === "original") return false;
  if (plan === "remux") await remuxForPlayback(input, output);
  else await transcodeForPlayback(input, output, probe);
  return true;
}

/** The poster's moment: 1 s in, or the middle of a shorter clip (its first second may be a fade from black). */
export const posterSeconds = (durationMs: number) => Math.min(1, durationMs / 2000);

/** Writes one upright frame of a video as a PNG (full size: the thumbnails are made from it); `probe` from probeVideo. */
export async function extractPoster(input: string, output: string, probe: Pick<VideoProbe, "width" | "height" | "durationMs">): Promise<void> {
  await runVideoTool(
    "ffmpeg",
    [...threads, "-ss", posterSeconds(probe.durationMs).toFixed(3), "-i", input, "-map", "0:v:0", "-frames:v", "1", "-f", "image2", "-c:v", "png", "-y", output],
    { timeoutMs: 120_000, pixels: probe.width * probe.height },
  );
  // ffmpeg ends well when the stream has no frame it can decode, having written nothing.
  const written = await stat(output).catch(() => null);
  if (!written?.size) throw new UndecodableVideoError("no frame of it could be decoded");
}
