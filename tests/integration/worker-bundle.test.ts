/**
 * The worker image holds only dist/worker (the bundles and the modules they load) and
 * prisma/migrations (Dockerfile, stage `worker`). Run from inside the project, a bundle would find
 * any module the trace missed in the project's node_modules; here the three programs run from a
 * copy elsewhere, from inside it as in the image, on a database and Redis prefix of their own.
 */
import { execFile } from "node:child_process";
import { cp, mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { MIGRATIONS_DIR } from "@/scripts/migrations";
import { WORKER_BUNDLE_DIR, workerCommand, type WorkerProgram } from "@/scripts/worker-bundle";
import { createUser, uploadFixture, waitForSettled, type TestUser } from "@/tests/support/api";
import { startWebServer, startWorker, type AppProcess } from "@/tests/support/processes";
import { deleteRedisKeys, dropTestDatabase } from "@/tests/support/stack";
import { freePort } from "@/tests/support/test-run";

const runFile = promisify(execFile);
let directory: string;
let env: Record<string, string>;
let web: AppProcess | undefined;
let worker: AppProcess | undefined;
let user: TestUser;

/** One of the image's one-shot commands, from the copy. */
async function runFromCopy(program: WorkerProgram, ...args: string[]) {
  const { stdout } = await runFile(process.execPath, [...workerCommand(program, "."), ...args], { cwd: directory, env: { ...process.env, ...env } });
  return stdout;
}

beforeAll(async () => {
  directory = await mkdtemp(path.join(tmpdir(), "photo-backup-worker-image-"));
  await cp(WORKER_BUNDLE_DIR, directory, { recursive: true });
  await cp(MIGRATIONS_DIR, path.join(directory, "prisma", "migrations"), { recursive: true });
  const databaseUrl = new URL(process.env.DATABASE_URL!);
  databaseUrl.pathname += "_bundle";
  env = { DATABASE_URL: databaseUrl.toString(), REDIS_PREFIX: `${process.env.REDIS_PREFIX}_bundle`, LOG_LEVEL: "info" };
}, 60_000);

afterAll(async () => {
  await Promise.all([web?.stop(), worker?.stop()]);
  if (directory) await rm(directory, { recursive: true, force: true });
  if (!env) return;
  await dropTestDatabase(env.DATABASE_URL!);
  await deleteRedisKeys(process.env.REDIS_URL!, env.REDIS_PREFIX!);
});

describe("the worker image's programs, away from the project's node_modules", () => {
  it("migrate applies the migrations to a fresh database", async () => {
    expect(await runFromCopy("migrate")).toMatch(/Applied migrations: \d+_init/);
  });

  it("the worker makes the thumbnails of a JPEG and of a HEIC (decoded in a worker thread)", async () => {
    const port = await freePort();
    web = await startWebServer(env, port);
    // The helpers in tests/support/api.ts talk to BASE_URL; this file (its own process) points them here.
    process.env.BASE_URL = `http://127.0.0.1:${port}`;
    worker = await startWorker(env, directory);
    user = await createUser();
    for (const fixture of ["camera/Pentax_K10D.jpg", "heic/IMG_5195.HEIC"]) {
      const { body } = await uploadFixture(user, fixture);
      expect(await waitForSettled(user, body.photo.id), fixture).toMatchObject({ status: "ready" });
    }
  });

  it("admin reports on the accounts", async () => {
    const users = JSON.parse(await runFromCopy("admin", "users", "--json")) as { email: string; photos: number }[];
    expect(users).toEqual([expect.objectContaining({ email: user.email, photos: 2 })]);
  });
});
