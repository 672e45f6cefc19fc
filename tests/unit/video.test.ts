import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileTypeFromFile } from "file-type";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { spawnSync } from "node:child_process";
import { env } from "@/lib/env";
import { checkVideoTools, UndecodableVideoError, VideoToolMissingError } from "@/lib/photos/ffmpeg";
import { probeVideo, readProbe } from "@/lib/photos/probe-video";
import { extractPoster, playbackPlan, posterSeconds, renditionBox, transcodeForPlayback, writePlayback } from "@/lib/photos/transcode-video";
import { videoFixturePath } from "@/tests/support/fixtures";
import { topLevelBoxes } from "@/tests/support/iso-boxes";

describe("probeVideo", () => {
  it("reads duration, size and codecs", async () => {
    expect(await probeVideo(videoFixturePath("h264-aac.mp4"))).toMatchObject({
      durationMs: 2000,
      width: 320,
      height: 240,
      videoCodec: "h264",
      pixelFormat: "yuv420p",
      audioCodec: "aac",
      takenAt: null,
      contentIdentifier: null,
    });
    expect(await probeVideo(videoFixturePath("vp9-opus.webm"))).toMatchObject({ videoCodec: "vp9", audioCodec: "opus", formatName: "matroska,webm" });
    expect(await probeVideo(videoFixturePath("clip.3gp"))).toMatchObject({ videoCodec: "h263", width: 176, height: 144 });
  });

  it("applies the display matrix's quarter turn and reads the QuickTime date with its offset and the content identifier", async () => {
    const probe = await probeVideo(videoFixturePath("rotated-h264.mov"));
    expect([probe.width, probe.height]).toEqual([240, 320]);
    expect(probe.takenAt).toEqual({ date: new Date("2023-06-01T08:00:00Z"), offset: "+02:00" });
    expect(probe.contentIdentifier).toBe("4F1C8E2A-7B3D-4E5F-9A6B-1C2D3E4F5A6B");
  });

  it("takes the rotate tag when there is no display matrix, and creation_time (UTC) when there is no QuickTime date", () => {
    const probe = readProbe({
      streams: [{ codec_type: "video", codec_name: "h264", width: 1920, height: 1080, tags: { rotate: "270" } }],
      format: { duration: "3.5", tags: { creation_time: "2021-02-03T04:05:06.000000Z" } },
    });
    expect(probe).toMatchObject({ width: 1080, height: 1920, durationMs: 3500, audioCodec: null });
    expect(probe.takenAt).toEqual({ date: new Date("2021-02-03T04:05:06Z"), offset: "+00:00" });
  });

  it("prefers the QuickTime date and ignores a zero date", () => {
    const tags = { "com.apple.quicktime.creationdate": "2023-06-01T10:00:00-0530", creation_time: "1970-01-01T00:00:00.000000Z" };
    const stream = { codec_type: "video", codec_name: "hevc", width: 10, height: 10 };
    expect(readProbe({ streams: [stream], format: { tags } }).takenAt).toEqual({ date: new Date("2023-06-01T15:30:00Z"), offset: "-05:30" });
    expect(readProbe({ streams: [stream], format: { tags: { creation_time: tags.creation_time } } }).takenAt).toBeNull();
  });

  it("refuses a truncated MP4 and a file with no video stream as undecodable", async () => {
    const refusal = probeVideo(videoFixturePath("truncated.mp4"));
    await expect(refusal).rejects.toBeInstanceOf(UndecodableVideoError);
    // ffmpeg's words, without its demuxer's address or the worker's temp path.
    await expect(refusal).rejects.toThrow(/^The video could not be decoded: moov atom not found; the file: Invalid data found when processing input$/);
    expect(() => readProbe({ streams: [{ codec_type: "audio", codec_name: "aac" }] })).toThrow(UndecodableVideoError);
  });
});

describe("playback", () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), "video-test-"));
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it("keeps H.264/AAC MP4 as it is, remuxes it from QuickTime and transcodes the rest", async () => {
    const plans: Record<string, string> = {};
    for (const name of ["h264-aac.mp4", "rotated-h264.mov", "hevc.mov", "vp9-opus.webm", "clip.3gp"]) {
      const file = videoFixturePath(name);
      plans[name] = playbackPlan(await probeVideo(file), (await fileTypeFromFile(file))!.mime);
    }
    expect(plans).toEqual({ "h264-aac.mp4": "original", "rotated-h264.mov": "remux", "hevc.mov": "transcode", "vp9-opus.webm": "transcode", "clip.3gp": "transcode" });
    expect(playbackPlan({ videoCodec: "h264", pixelFormat: "yuv420p10le", audioCodec: "aac" }, "video/mp4")).toBe("transcode");
    expect(playbackPlan({ videoCodec: "h264", pixelFormat: "yuv420p", audioCodec: "opus" }, "video/mp4")).toBe("transcode");
    expect(playbackPlan({ videoCodec: "h264", pixelFormat: "yuv420p", audioCodec: null }, "video/mp4")).toBe("original");
  });

  it("fits renditions within 1920×1080 either way round, never upscaling", () => {
    expect(renditionBox(3840, 2160)).toEqual({ width: 1920, height: 1080 });
    expect(renditionBox(2160, 3840)).toEqual({ width: 1080, height: 1920 });
    expect(renditionBox(640, 480)).toEqual({ width: 640, height: 480 });
  });

  it("transcodes HEVC to H.264 (8-bit 4:2:0) and AAC in an MP4 with the moov atom first", async () => {
    const output = path.join(dir, "hevc.mp4");
    const input = videoFixturePath("hevc.mov");
    await transcodeForPlayback(input, output, await probeVideo(input));
    const rendition = await probeVideo(output);
    expect(rendition).toMatchObject({ videoCodec: "h264", pixelFormat: "yuv420p", audioCodec: "aac", width: 320, height: 240 });
    const boxes = await topLevelBoxes(output);
    expect(boxes.indexOf("moov")).toBeLessThan(boxes.indexOf("mdat"));
  }, 60_000);

  it("turns a rotated clip upright when transcoding, and keeps its rotation when remuxing", async () => {
    const input = videoFixturePath("rotated-h264.mov");
    const probe = await probeVideo(input);
    const transcoded = path.join(dir, "upright.mp4");
    await transcodeForPlayback(input, transcoded, probe);
    expect(await probeVideo(transcoded)).toMatchObject({ width: 240, height: 320 });
    const remuxed = path.join(dir, "remuxed.mp4");
    expect(await writePlayback(input, remuxed, probe, "video/quicktime")).toBe(true);
    expect(await probeVideo(remuxed)).toMatchObject({ width: 240, height: 320, videoCodec: "h264" });
    const boxes = await topLevelBoxes(remuxed);
    expect(boxes.indexOf("moov")).toBeLessThan(boxes.indexOf("mdat"));
  }, 60_000);

  it("takes the poster 1 s in, or halfway through a shorter clip, upright", async () => {
    expect(posterSeconds(10_000)).toBe(1);
    expect(posterSeconds(1_200)).toBe(0.6);
    const poster = path.join(dir, "poster.png");
    await extractPoster(videoFixturePath("rotated-h264.mov"), poster, await probeVideo(videoFixturePath("rotated-h264.mov")));
    const { default: sharp } = await import("sharp");
    expect(await sharp(poster).metadata()).toMatchObject({ width: 240, height: 320, format: "png" });
  });
});

describe("the video tools", () => {
  it("say which program is missing and how to install it, whether named on PATH or by a path", async () => {
    const configured = env.FFPROBE_PATH;
    try {
      for (const missing of ["no-such-ffprobe", "/nonexistent/ffprobe"]) {
        env.FFPROBE_PATH = missing;
        await expect(probeVideo(videoFixturePath("h264-aac.mp4"))).rejects.toBeInstanceOf(VideoToolMissingError);
        const error = await checkVideoTools();
        expect(error?.message).toContain("apt-get install ffmpeg");
        expect(error?.message).toContain(missing);
      }
    } finally {
      env.FFPROBE_PATH = configured;
    }
    expect(await checkVideoTools()).toBeNull();
  });

  it("transcode a 4K 10-bit HEVC within their address-space bound, to 1080p", async () => {
    const dir = await mkdtemp(path.join(tmpdir(), "video-4k-"));
    try {
      const input = path.join(dir, "4k.mov");
      const make = spawnSync("ffmpeg", ["-nostdin", "-v", "error", "-f", "lavfi", "-i", "testsrc2=size=3840x2160:rate=8:duration=1", "-c:v", "libx265", "-preset", "ultrafast", "-x265-params", "log-level=error", "-pix_fmt", "yuv420p10le", "-tag:v", "hvc1", input]);
      expect(make.status, String(make.stderr)).toBe(0);
      const probe = await probeVideo(input);
      expect(playbackPlan(probe, "video/quicktime")).toBe("transcode");
      const output = path.join(dir, "out.mp4");
      await transcodeForPlayback(input, output, probe);
      expect(await probeVideo(output)).toMatchObject({ width: 1920, height: 1080, pixelFormat: "yuv420p", audioCodec: null });
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }, 120_000);
});
