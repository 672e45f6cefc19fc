import { spawn } from "node:child_process";
import { availableParallelism, setPriority } from "node:os";
import { env } from "@/lib/env";

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

const toolPath = (tool: VideoTool) => (tool === "ffmpeg" ? env.FFMPEG_PATH : env.FFPROBE_PATH);

/**
 * Runs ffmpeg or ffprobe, niced, killed after `timeoutMs`; resolves to its standard output. A
 * missing program rejects with VideoToolMissingError, a failed run with UndecodableVideoError
 * carrying the end of what it printed.
 */
export function runVideoTool(tool: VideoTool, args: string[], timeoutMs: number): Promise<string> {
  const command = toolPath(tool);
  return new Promise((resolve, reject) => {
    const quiet = ["-hide_banner", "-v", "error"];
    const child = spawn(command, tool === "ffmpeg" ? ["-nostdin", ...quiet, ...args] : [...quiet, ...args], {
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
      reject(error.code === "ENOENT" || error.code === "EACCES" ? new VideoToolMissingError(tool, command) : error),
    );
    child.once("close", (code, signal) => {
      if (code === 0) resolve(stdout);
      else if (signal) reject(new UndecodableVideoError(`${tool} was stopped (${signal}) after ${timeoutMs / 1000} s or for its memory`));
      else reject(new UndecodableVideoError(stderr.trim().split("\n").slice(-3).join(" ") || `${tool} ended with exit code ${code}`));
    });
  });
}

/** Whether both programs run here (npm start's prerequisite check); the missing one's error otherwise. */
export async function checkVideoTools(): Promise<VideoToolMissingError | null> {
  try {
    await runVideoTool("ffprobe", ["-version"], 10_000);
    await runVideoTool("ffmpeg", ["-version"], 10_000);
    return null;
  } catch (error) {
    if (error instanceof VideoToolMissingError) return error;
    throw error;
  }
}
