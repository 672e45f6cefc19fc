import { takenAtFromTags, type TakenAt } from "@/lib/photos/exif-taken-at";
import { runVideoTool, UndecodableVideoError } from "@/lib/photos/ffmpeg";

export interface VideoProbe {
  durationMs: number;
  /** Dimensions as displayed: the display matrix's (or `rotate` tag's) quarter turns applied. */
  width: number;
  height: number;
  videoCodec: string;
  /** e.g. yuv420p; yuv420p10le is 10-bit, which many browsers' H.264 decoders refuse. */
  pixelFormat: string | null;
  audioCodec: string | null;
  /** ffprobe's demuxer names, e.g. "mov,mp4,m4a,3gp,3g2,mj2" for every ISO media file, "matroska,webm". */
  formatName: string;
  takenAt: TakenAt | null;
  /** Apple's content identifier: a Live Photo's MOV carries the one its still carries. */
  contentIdentifier: string | null;
}

interface ProbeStream {
  codec_type?: string;
  codec_name?: string;
  width?: number;
  height?: number;
  pix_fmt?: string;
  duration?: string;
  tags?: Record<string, string>;
  side_data_list?: { side_data_type?: string; rotation?: number }[];
  disposition?: { attached_pic?: number };
}

export interface ProbeOutput {
  streams?: ProbeStream[];
  format?: { format_name?: string; duration?: string; tags?: Record<string, string> };
}

/** ffprobe reads a container's index, not its frames: a few seconds even for hours of video. */
const PROBE_TIMEOUT_MS = 60_000;

const QUICKTIME_DATE = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}:\d{2}:\d{2}(?:\.\d+)?)(Z|[+-]\d{2}:?\d{2})?$/;

/**
 * A QuickTime or ISO date ("2023-06-01T10:00:00+0200", "2023-06-01T08:00:00.000000Z"). The offset
 * is kept, as photos keep theirs; a UTC time (Z) has "+00:00", as a photo's GPS time alone has.
 */
function parseVideoDate(value: string | undefined): TakenAt | null {
  const match = value ? QUICKTIME_DATE.exec(value.trim()) : null;
  if (!match) return null;
  const [, year, month, day, time, zone] = match;
  // Put as EXIF writes a date and its offset: exiftool-vendored's parser refuses an ISO offset such as "-0530".
  const taken = takenAtFromTags({ DateTimeOriginal: `${year}:${month}:${day} ${time}`, OffsetTimeOriginal: zone === "Z" ? "+00:00" : zone });
  // A camera without a clock writes zero (1904 in QuickTime's epoch, 1970 once converted).
  if (!taken || taken.date.getTime() <= 0) return null;
  return taken;
}

/** The quarter turns a display matrix or a `rotate` tag asks for, as degrees 0–359. */
function rotationOf(stream: ProbeStream): number {
  const matrix = stream.side_data_list?.find((data) => data.side_data_type === "Display Matrix")?.rotation;
  const degrees = matrix ?? Number(stream.tags?.rotate ?? 0);
  return ((Math.round(degrees / 90) * 90) % 360 + 360) % 360;
}

/** What ffprobe's JSON says of a video; UndecodableVideoError when it has no video stream. */
export function readProbe(output: ProbeOutput): VideoProbe {
  const streams = output.streams ?? [];
  // A cover image in an audio file is a "video" stream too, of one frame.
  const video = streams.find((stream) => stream.codec_type === "video" && !stream.disposition?.attached_pic);
  if (!video?.codec_name || !video.width || !video.height) throw new UndecodableVideoError("it has no video stream");
  const audio = streams.find((stream) => stream.codec_type === "audio");
  const quarterTurned = rotationOf(video) % 180 === 90;
  const seconds = Number(output.format?.duration ?? video.duration);
  const tags = output.format?.tags ?? {};
  return {
    durationMs: Number.isFinite(seconds) && seconds > 0 ? Math.round(seconds * 1000) : 0,
    width: quarterTurned ? video.height : video.width,
    height: quarterTurned ? video.width : video.height,
    videoCodec: video.codec_name,
    pixelFormat: video.pix_fmt ?? null,
    audioCodec: audio?.codec_name ?? null,
    formatName: output.format?.format_name ?? "",
    takenAt: parseVideoDate(tags["com.apple.quicktime.creationdate"]) ?? parseVideoDate(tags.creation_time ?? video.tags?.creation_time),
    contentIdentifier: tags["com.apple.quicktime.content.identifier"]?.trim() || null,
  };
}

/** Probes a video file with ffprobe: UndecodableVideoError when it is none (truncated, damaged), VideoToolMissingError without ffprobe. */
export async function probeVideo(path: string): Promise<VideoProbe> {
  const json = await runVideoTool("ffprobe", ["-print_format", "json", "-show_format", "-show_streams", path], { timeoutMs: PROBE_TIMEOUT_MS });
  return readProbe(JSON.parse(json) as ProbeOutput);
}
