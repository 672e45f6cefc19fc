import { spawn, type ChildProcess } from "node:child_process";
import { Redis } from "ioredis";
import { sleep } from "@/tests/support/processes";

/**
 * A Redis of a test's (or a load run's) own, kept on disk with an append-only file as the compose
 * stack's is, so it can be stopped and started again with its jobs intact.
 */
export class RedisServer {
  private child: ChildProcess | undefined;

  constructor(
    readonly port: number,
    private readonly directory: string,
  ) {}

  get url() {
    return `redis://127.0.0.1:${this.port}`;
  }

  get running() {
    return this.child !== undefined;
  }

  async start() {
    this.child = spawn(
      "redis-server",
      ["--port", String(this.port), "--bind", "127.0.0.1", "--dir", this.directory, "--appendonly", "yes", "--save", "", "--maxmemory-policy", "noeviction"],
      { stdio: "ignore" },
    );
    const probe = new Redis(this.port, "127.0.0.1", { lazyConnect: true, retryStrategy: () => null, maxRetriesPerRequest: 0 });
    probe.on("error", () => {});
    for (let attempt = 0; ; attempt++) {
      if (await probe.connect().then(() => probe.ping(), () => null)) break;
      if (attempt > 100) throw new Error("redis-server did not start");
      await sleep(50);
    }
    probe.disconnect();
  }

  async stop() {
    const child = this.child;
    if (!child) return;
    const exited = new Promise((resolve) => child.once("exit", resolve));
    child.kill("SIGTERM");
    await exited;
    this.child = undefined;
  }
}
