import { spawn } from "node:child_process";
import { accessSync, constants } from "node:fs";
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
}

/**
 * Runs a native decoder (heif-convert, djxl) on one untrusted file in a child process under
 * `prlimit`, with no input and its output discarded. Rejects naming the tool, how it ended and the
 * start of what it wrote to stderr.
 */
export function runBounded({ command, args, addressSpaceBytes, timeoutMs }: BoundedCommand): Promise<void> {
  const prlimit = findOnPath("prlimit");
  if (!prlimit) return Promise.reject(new Error("prlimit (util-linux) is not on PATH"));
  const name = path.basename(command);
  return new Promise((resolve, reject) => {
    const child = spawn(prlimit, [`--as=${addressSpaceBytes}`, "--", command, ...args], {
      stdio: ["ignore", "ignore", "pipe"],
      timeout: timeoutMs,
      killSignal: "SIGKILL",
    });
    let stderr = "";
    child.stderr.setEncoding("utf8").on("data", (chunk: string) => {
      if (stderr.length < 2000) stderr += chunk;
    });
    child.once("error", reject);
    child.once("close", (code, signal) => {
      if (code === 0) resolve();
      else reject(new Error(`${name} ended with ${signal ?? `exit code ${code}`}: ${stderr.trim() || "no message"}`));
    });
  });
}
