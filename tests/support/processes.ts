import { spawn, type ChildProcess } from "node:child_process";
import { readFile } from "node:fs/promises";
import path from "node:path";
import { STANDALONE_SERVER, webServerCommand } from "@/scripts/web-build";
import { workerCommand } from "@/scripts/worker-bundle";
import { WORKER_PROCESS_ENV } from "@/workers/process-env";

/**
 * One of the app's processes started by a test the way production starts it (the Docker image's
 * commands): the standalone web server or the bundled worker. Its output is kept so a test can
 * wait for, or look at, its log lines.
 */
export class AppProcess {
  readonly child: ChildProcess;
  readonly output: string[] = [];
  private readonly exit: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;

  constructor(command: string[], env: Record<string, string | undefined>, cwd?: string) {
    this.child = spawn(process.execPath, command, { env: { ...process.env, ...env }, stdio: ["ignore", "pipe", "pipe"], cwd });
    for (const stream of [this.child.stdout!, this.child.stderr!]) {
      let partial = "";
      stream.setEncoding("utf8").on("data", (text: string) => {
        const lines = (partial + text).split("\n");
        partial = lines.pop()!;
        this.output.push(...lines);
      });
    }
    this.exit = new Promise((resolve) => this.child.once("exit", (code, signal) => resolve({ code, signal })));
  }

  get running() {
    return this.child.exitCode === null && this.child.signalCode === null;
  }

  /** The JSON log lines (pino) printed so far. */
  logs(): Record<string, unknown>[] {
    return this.output.flatMap((line) => {
      try {
        return [JSON.parse(line) as Record<string, unknown>];
      } catch {
        return [];
      }
    });
  }

  async waitForLog(match: (entry: Record<string, unknown>) => boolean, timeoutMs = 30_000): Promise<Record<string, unknown>> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const found = this.logs().find(match);
      if (found) return found;
      if (!this.running) throw new Error(`The process exited before the expected log line:\n${this.output.join("\n")}`);
      if (Date.now() > deadline) throw new Error(`No expected log line within ${timeoutMs} ms:\n${this.output.join("\n")}`);
      await sleep(50);
    }
  }

  signal(signal: NodeJS.Signals) {
    this.child.kill(signal);
  }

  exited() {
    return this.exit;
  }

  async stop() {
    if (this.running) this.signal("SIGTERM");
    await this.exit;
  }
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * The production web server (`node --require peer-address.cjs .next/standalone/server.js`), ready once its liveness check
 * answers. `serverPath` may name a copy of it elsewhere.
 */
export async function startWebServer(
  env: Record<string, string | undefined>,
  port: number,
  serverPath = path.resolve(STANDALONE_SERVER),
): Promise<AppProcess> {
  const server = new AppProcess(webServerCommand(serverPath), { NODE_ENV: "production", ...env, PORT: String(port), HOSTNAME: "127.0.0.1" });
  const deadline = Date.now() + 60_000;
  while (!(await fetch(`http://127.0.0.1:${port}/api/health/live`).then((response) => response.ok, () => false))) {
    if (!server.running) throw new Error(`The web server exited during start-up:\n${server.output.join("\n")}`);
    if (Date.now() > deadline) throw new Error(`The web server did not start:\n${server.output.join("\n")}`);
    await sleep(100);
  }
  return server;
}

/**
 * A thumbnail worker (`npm run build`'s bundle), ready once it logs so. `bundleDir` may name a copy
 * of the bundle elsewhere, which then runs from inside it, as in the image.
 */
export async function startWorker(env: Record<string, string | undefined>, bundleDir?: string): Promise<AppProcess> {
  const command = bundleDir ? workerCommand("index", ".") : workerCommand("index");
  const worker = new AppProcess(command, { NODE_ENV: "production", LOG_LEVEL: "info", ...WORKER_PROCESS_ENV, ...env, SERVICE_NAME: "worker" }, bundleDir);
  await worker.waitForLog((entry) => entry.msg === "worker ready");
  return worker;
}

/** A process's resident memory now (VmRSS), in bytes. */
export async function residentBytes(pid: number): Promise<number> {
  const status = await readFile(`/proc/${pid}/status`, "utf8");
  return Number(/^VmRSS:\s+(\d+) kB$/m.exec(status)![1]) * 1024;
}
