import { spawn } from "node:child_process";
import { accessSync, constants } from "node:fs";
import { availableParallelism, setPriority } from "node:os";
import { env } from "@/lib/env";
import { findOnPath } from "@/lib/photos/decode-heic";

export type VideoTool = "ffmpeg" | "ffprobe";

/** ffmpeg or ffprobe is not installed where FFMPEG_PATH / FFPROBE_PATH say: a video job waits for it, and is never failed for it. */
export class VideoToolMissingError extends Error {
  constructor(readonly tool: VideoTool, readonly path: string) {
    super(`${tool} is not installed (looked for "${path}"): install it (Debian/Ubuntu: \`apt-get install ffmpeg\`) or set ${tool === "ffmpeg" ? "FFMPEG_PATH" : "FFPROBE_PATH"}`);
    this.name = "VideoToolMissingError";
  }
}

/** The file is no video ffmpeg can read (truncated, damaged, no video stream): retrying will not help. */
export class UndecodableVideoError extends Error {
  constructor(reason: string) {
    super(`The video could not be decoded: ${reason}`);
    this.name = "UndecodableVideoError";
  }
}

/** One ffmpeg uses all cores but one, which photos' thumbnail jobs keep. */
export const FFMPEG_THREADS = Math.max(1, availableParallelism() - 1);

/** Below the worker's own priority (0): when photos' and videos' jobs compete for a core, photos' win. */
const FFMPEG_NICENESS = 10;

/**
 * The program's path, looked up each run (installing ffmpeg needs no restart); undefined when it is
 * not there. A name with a slash is a path.
 */
const configuredTool = (tool: VideoTool) => (tool === "ffmpeg" ? env.FFMPEG_PATH : env.FFPROBE_PATH);

function resolveTool(tool: VideoTool): string | undefined {
  const configured = configuredTool(tool);
  if (!configured.includes("/")) return findOnPath(configured);
  try {
    accessSync(configured, constants.X_OK);
    return configured;
  } catch {
    return undefined;
  }
}

/**
 * The address space one ffmpeg may take (prlimit --as), so a hostile or huge file fails alone
 * instead of taking the worker's memory. Measured, a 2 s 4K 10-bit HEVC to the 1080p rendition:
 * between 512 MB and 1 GB with one thread, 1–1.5 GB with eight; frames of larger sources grow
 * with their pixels (an 8K phone video's about 4 times a 4K one's).
 */
export const ffmpegAddressSpaceBytes = (pixels: number) => 512 * 1024 ** 2 + 128 * 1024 ** 2 * FFMPEG_THREADS + 64 * pixels;

/**
 * Runs ffmpeg or ffprobe, niced, under prlimit's address-space bound for a source of `pixels`
 * when prlimit is there, killed after `timeoutMs`; resolves to its standard output. A missing
 * program rejects with VideoToolMissingError, a failed run with UndecodableVideoError carrying the
 * end of what it printed.
 */
export function runVideoTool(tool: VideoTool, args: string[], { timeoutMs, pixels = 0 }: { timeoutMs: number; pixels?: number }): Promise<string> {
  const program = resolveTool(tool);
  if (!program) return Promise.reject(new VideoToolMissingError(tool, configuredTool(tool)));
  const quiet = ["-hide_banner", "-v", "error"];
  const toolArgs = tool === "ffmpeg" ? ["-nostdin", ...quiet, ...args] : [...quiet, ...args];
  const prlimit = findOnPath("prlimit");
  const [command, commandArgs] = prlimit
    ? [prlimit, [`--as=${ffmpegAddressSpaceBytes(pixels)}`, "--", program, ...toolArgs]]
    : [program, toolArgs];
  return new Promise((resolve, reject) => {
    const child = spawn(command, commandArgs, {
      stdio: ["ignore", "pipe", "pipe"],
      timeout: timeoutMs,
      killSignal: "SIGKILL",
    });
    if (child.pid !== undefined) {
      try {
        setPriority(child.pid, FFMPEG_NICENESS);
      } catch {
        // Exited already: nothing left to lower.
      }
    }
    let stdout = "";
    let stderr = "";
    child.stdout.setEncoding("utf8").on("data", (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding("utf8").on("data", (chunk: string) => (stderr = (stderr + chunk).slice(-2000)));
    child.once("error", (error: NodeJS.ErrnoException) =>
      reject(error.code === "ENOENT" || error.code === "EACCES" ? new VideoToolMissingError(tool, program) : error),
    );
    child.once("close", (code, signal) => {
      if (code === 0) resolve(stdout);
      else if (signal) reject(new UndecodableVideoError(`${tool} was stopped (${signal}): over ${timeoutMs / 1000} s, or out of memory`));
      else reject(new UndecodableVideoError(readableError(stderr, args) || `${tool} ended with exit code ${code}`));
    });
  });
}

/**
 * The last lines ffmpeg printed, as a reason a person reads: without the demuxer's address
 * ("[mov,mp4,… @ 0x55e0…] ") and with the worker's temp paths named "the file".
 */
function readableError(stderr: string, args: string[]): string {
  const paths = args.filter((arg) => arg.startsWith("/"));
  const lines = stderr
    .split("\n")
    .map((line) => paths.reduce((text, file) => text.replaceAll(file, "the file"), line.replace(/^\[[^\]]* @ 0x[0-9a-f]+\] /, "")).trim())
    .filter(Boolean);
  return [...new Set(lines)].slice(-3).join("; ");
}

/** Whether both programs run here (npm start's prerequisite check); the missing one's error otherwise. */
export async function checkVideoTools(): Promise<VideoToolMissingError | null> {
  try {
    await runVideoTool("ffprobe", ["-version"], { timeoutMs: 10_000 });
    await runVideoTool("ffmpeg", ["-version"], { timeoutMs: 10_000 });
    return null;
  } catch (error) {
    if (error instanceof VideoToolMissingError) return error;
    throw error;
  }
}
