import { spawn } from "node:child_process";
import { accessSync, constants } from "node:fs";
import { setPriority } from "node:os";
import path from "node:path";

/** The full path of an executable on PATH, or undefined. */
export function findOnPath(name: string): string | undefined {
  for (const folder of (process.env.PATH ?? "").split(path.delimiter).filter(Boolean)) {
    const candidate = path.join(folder, name);
    try {
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {
      // not in this folder
    }
  }
  return undefined;
}

export interface BoundedCommand {
  command: string;
  args: string[];
  /** The child's address space (`prlimit --as`): an allocation beyond it fails in the child, not in the worker. */
  addressSpaceBytes: number;
  /** Killed (SIGKILL) after this long: a stuck or crafted file. */
  timeoutMs: number;
  /** Run below the worker's own priority (nice), so that the worker's other jobs win a contested core. */
  niceness?: number;
}

/** A bounded process that did not succeed: how it ended, and the end of what it wrote to stderr. */
export class BoundedProcessError extends Error {
  constructor(
    readonly tool: string,
    readonly exitCode: number | null,
    readonly signal: NodeJS.Signals | null,
    readonly stderr: string,
  ) {
    super(`${tool} ended with ${signal ?? `exit code ${exitCode}`}: ${stderr.trim() || "no message"}`);
    this.name = "BoundedProcessError";
  }
}

/** The most of a tool's stderr kept: its last lines, which say why it stopped. */
const STDERR_CHARS = 2000;

/**
 * Runs a native tool (heif-convert, djxl, ffmpeg) on one untrusted file in a child process under
 * `prlimit`, with no input; resolves to its standard output. Rejects with a BoundedProcessError
 * when it fails, is killed for its time or stopped by its memory bound.
 */
export function runBounded({ command, args, addressSpaceBytes, timeoutMs, niceness }: BoundedCommand): Promise<string> {
  const prlimit = findOnPath("prlimit");
  if (!prlimit) return Promise.reject(new Error("prlimit (util-linux) is not on PATH"));
  const name = path.basename(command);
  return new Promise((resolve, reject) => {
    const child = spawn(prlimit, [`--as=${addressSpaceBytes}`, "--", command, ...args], {
      stdio: ["ignore", "pipe", "pipe"],
      timeout: timeoutMs,
      killSignal: "SIGKILL",
    });
    if (niceness !== undefined && child.pid !== undefined) {
      try {
        setPriority(child.pid, niceness);
      } catch {
        // Exited already: nothing left to lower.
      }
    }
    let stdout = "";
    let stderr = "";
    child.stdout.setEncoding("utf8").on("data", (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding("utf8").on("data", (chunk: string) => (stderr = (stderr + chunk).slice(-STDERR_CHARS)));
    child.once("error", reject);
    child.once("close", (code, signal) => (code === 0 ? resolve(stdout) : reject(new BoundedProcessError(name, code, signal, stderr))));
  });
}
