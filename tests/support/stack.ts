import { spawn, type ChildProcess } from "node:child_process";
import { rm } from "node:fs/promises";
import { Redis } from "ioredis";
import pg from "pg";
import { startLocalS3 } from "@/scripts/embedded/local-s3";
import { RUN_TYPESCRIPT } from "@/scripts/run-typescript";

/**
 * The run's store, with the run's keys, answering the app's name for it, the amazonaws.com name
 * of its bucket that tests/integration/virtual-hosted-urls.test.ts reaches it by, and the link
 * in front of it of tests/integration/checksums.test.ts.
 */
export function startRunStore(runEnv: Record<string, string>) {
  const bucket = runEnv.S3_BUCKET ?? "photos";
  const port = Number(runEnv.EMBEDDED_S3_PORT);
  const hosts = [new URL(runEnv.S3_ENDPOINT!).host, `${bucket}.s3.us-east-1.amazonaws.com:${port}`];
  if (runEnv.STORE_LINK_PORT) hosts.push(`127.0.0.1:${runEnv.STORE_LINK_PORT}`);
  const credentials = { accessKeyId: runEnv.S3_ACCESS_KEY_ID!, secretAccessKey: runEnv.S3_SECRET_ACCESS_KEY! };
  return startLocalS3(runEnv.DATA_DIR!, port, credentials, bucket, hosts);
}

/**
 * The whole app for a test run, started the way a user starts it: `npm start`'s launcher (which
 * migrates, builds when needed, runs `next start` and the real worker process) against the
 * machine's Postgres and Redis under this run's own database and key prefix, and a local S3 store.
 */
export async function startStack(runEnv: Record<string, string>, { storeInOwnProcess = false } = {}) {
  const store = storeInOwnProcess
    ? await startStoreProcess(runEnv)
    : await startRunStore(runEnv);
  const launcher = spawn(process.execPath, [...RUN_TYPESCRIPT, "scripts/start.ts"], {
    env: { ...process.env, ...runEnv },
    stdio: ["ignore", "inherit", "inherit"],
  });
  try {
    await waitForHealth(runEnv.BASE_URL!, launcher);
  } catch (error) {
    await stopStack(runEnv, launcher, store);
    throw error;
  }
  return { launcherPid: launcher.pid!, stop: () => stopStack(runEnv, launcher, store) };
}

async function startStoreProcess(runEnv: Record<string, string>) {
  const child = spawn(process.execPath, [...RUN_TYPESCRIPT, "tests/support/local-s3-process.ts"], {
    env: { ...process.env, ...runEnv },
    stdio: ["ignore", "inherit", "inherit", "ipc"],
  });
  await new Promise<void>((resolve, reject) => {
    child.once("message", () => resolve());
    child.once("exit", (code) => reject(new Error(`The local store exited during start-up (code ${code})`)));
  });
  return {
    stop: () =>
      new Promise<void>((resolve) => {
        child.once("exit", () => resolve());
        child.kill("SIGTERM");
      }),
  };
}

async function waitForHealth(baseUrl: string, launcher: ChildProcess, timeoutMs = 300_000) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (launcher.exitCode !== null) throw new Error(`The app exited during start-up (code ${launcher.exitCode})`);
    const healthy = await fetch(`${baseUrl}/api/health`).then((response) => response.ok).catch(() => false);
    if (healthy) return;
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  throw new Error(`The app did not become healthy at ${baseUrl} within ${timeoutMs / 1000} s`);
}

async function stopStack(runEnv: Record<string, string>, launcher: ChildProcess, store: { stop: () => Promise<void> }) {
  if (launcher.exitCode === null) {
    const exited = new Promise((resolve) => launcher.once("exit", resolve));
    launcher.kill("SIGTERM");
    await exited;
  }
  await store.stop();
  await dropTestDatabase(runEnv.DATABASE_URL!);
  await deleteRedisKeys(runEnv.REDIS_URL!, runEnv.REDIS_PREFIX!);
  await rm(runEnv.DATA_DIR!, { recursive: true, force: true });
}

export async function dropTestDatabase(databaseUrl: string) {
  const url = new URL(databaseUrl);
  const name = url.pathname.slice(1);
  url.pathname = "/postgres";
  const client = new pg.Client({ connectionString: url.toString() });
  await client.connect();
  await client.query(`DROP DATABASE IF EXISTS ${pg.escapeIdentifier(name)} WITH (FORCE)`);
  await client.end();
}

export async function deleteRedisKeys(redisUrl: string, prefix: string) {
  const redis = new Redis(redisUrl);
  let cursor = "0";
  do {
    const [next, keys] = await redis.scan(cursor, "MATCH", `${prefix}:*`, "COUNT", 1000);
    if (keys.length) await redis.unlink(...keys);
    cursor = next;
  } while (cursor !== "0");
  redis.disconnect();
}
