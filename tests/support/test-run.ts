import { randomBytes } from "node:crypto";
import { mkdtempSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import webpush from "web-push";

/** A free TCP port on loopback, chosen by the OS. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

/**
 * Everything one test run owns, so runs on one machine (or CI job) never collide: its own
 * database on the shared Postgres, its own Redis key prefix, its own store directory and ports.
 */
export async function createTestRunEnv(label: string): Promise<Record<string, string>> {
  if (process.env.TEST_RUN_ID) return currentRunEnv(); // the config file may be evaluated more than once
  const runEnv = await ownRunEnv(label);
  Object.assign(process.env, runEnv, { TEST_RUN_KEYS: Object.keys(runEnv).join(",") });
  return runEnv;
}

/**
 * The settings of a run of its own (its database, prefix, store and ports), without making them
 * this process's: for a second stack beside the suite's, e.g. one with sign-up closed.
 */
export async function ownRunEnv(label: string, overrides: Record<string, string> = {}): Promise<Record<string, string>> {
  const id = `${label}_${Date.now().toString(36)}_${randomBytes(3).toString("hex")}`;
  const adminUrl = new URL(process.env.TEST_DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/postgres");
  adminUrl.pathname = `/pb_test_${id}`;
  const [port, s3Port, pushPort, storeLinkPort] = await Promise.all([freePort(), freePort(), freePort(), freePort()]);
  const vapid = webpush.generateVAPIDKeys();
  const runEnv = {
    TEST_RUN_ID: id,
    NODE_ENV: "test",
    PORT: String(port),
    BASE_URL: `http://127.0.0.1:${port}`,
    // The bucket's CORS rule then allows this origin only, as in production.
    APP_ORIGIN: `http://127.0.0.1:${port}`,
    DATABASE_URL: adminUrl.toString(),
    REDIS_URL: process.env.REDIS_URL ?? "redis://127.0.0.1:6379",
    REDIS_PREFIX: `pb_test_${id}`,
    DATA_DIR: mkdtempSync(path.join(tmpdir(), "photo-backup-test-")),
    EMBEDDED_S3_PORT: String(s3Port),
    S3_ENDPOINT: `http://127.0.0.1:${s3Port}`,
    S3_ACCESS_KEY_ID: randomBytes(10).toString("hex"),
    S3_SECRET_ACCESS_KEY: randomBytes(30).toString("base64url"),
    AUTH_SECRET: randomBytes(32).toString("base64url"),
    LOG_LEVEL: process.env.LOG_LEVEL ?? "warn",
    WORKER_CONCURRENCY: "2",
    // Small enough that the over-limit paths are cheap to exercise, large enough for every fixture
    // and the resumable-upload test's 12+ MB image.
    MAX_UPLOAD_BYTES: String(24 * 1024 * 1024),
    // Web push to a local stand-in for a browser's push service (HTTPS with a test certificate).
    VAPID_PUBLIC_KEY: vapid.publicKey,
    VAPID_PRIVATE_KEY: vapid.privateKey,
    PUSH_SERVICE_ORIGINS: `https://127.0.0.1:${pushPort}`,
    PUSH_SERVICE_PORT: String(pushPort),
    // What stands in front of the store (tests/integration/checksums.test.ts's link, the bench's
    // HTTP/2 proxy) listens here: a name the run's store answers.
    STORE_LINK_PORT: String(storeLinkPort),
    METRICS_TOKEN: randomBytes(24).toString("base64url"),
    NODE_EXTRA_CA_CERTS: path.resolve("tests/fixtures/tls/push-service.crt"),
    // Tests sign up many people; the closed default has tests of its own on a stack without this.
    SIGNUP: "open",
    ...overrides,
  };
  return runEnv;
}

function currentRunEnv(): Record<string, string> {
  const keys = (process.env.TEST_RUN_KEYS ?? "").split(",");
  return Object.fromEntries(keys.map((key) => [key, process.env[key]!]));
}
