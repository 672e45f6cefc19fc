import { createHash, randomBytes, randomUUID } from "node:crypto";
import { readFile } from "node:fs/promises";
import path from "node:path";
import pg from "pg";
import { afterAll, describe, expect, it } from "vitest";
import { ensureDatabase, migrate, MIGRATIONS_DIR, readMigrations } from "@/scripts/migrations";

const adminUrl = new URL(process.env.DATABASE_URL!);
const created: string[] = [];

function freshDatabaseUrl() {
  const url = new URL(adminUrl);
  url.pathname = `/${url.pathname.slice(1)}_m${randomBytes(3).toString("hex")}`;
  created.push(url.pathname.slice(1));
  return url.toString();
}

async function query<T extends pg.QueryResultRow>(url: string, sql: string) {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query<T>(sql)).rows;
  } finally {
    await client.end();
  }
}

afterAll(async () => {
  const url = new URL(adminUrl);
  url.pathname = "/postgres";
  for (const name of created) await query(url.toString(), `DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
});

describe("migrations", () => {
  it("migrate a fresh database, recording them as Prisma does", async () => {
    const url = freshDatabaseUrl();
    await ensureDatabase(url);
    const migrations = await readMigrations();
    expect(await migrate(url)).toEqual(migrations.map((migration) => migration.name));
    const rows = await query<{ migration_name: string; checksum: string; finished_at: Date }>(
      url,
      `SELECT migration_name, checksum, finished_at FROM "_prisma_migrations" ORDER BY migration_name`,
    );
    for (const [index, migration] of migrations.entries()) {
      const sql = await readFile(path.join(MIGRATIONS_DIR, migration.name, "migration.sql"));
      expect(rows[index]).toMatchObject({ migration_name: migration.name, checksum: createHash("sha256").update(sql).digest("hex") });
      expect(rows[index]!.finished_at).toBeInstanceOf(Date);
    }
    const tables = await query<{ tablename: string }>(url, `SELECT tablename FROM pg_tables WHERE schemaname = 'public'`);
    expect(tables.map((table) => table.tablename)).toEqual(expect.arrayContaining(["users", "api_tokens", "photos"]));
    expect(await migrate(url)).toEqual([]);
  });

  it("make an existing instance's oldest account its admin", async () => {
    const url = freshDatabaseUrl();
    await ensureDatabase(url);
    const migrations = await readMigrations();
    const accounts = migrations.findIndex((migration) => migration.name.endsWith("_accounts"));
    await migrate(url, migrations.slice(0, accounts));
    await query(
      url,
      `INSERT INTO users (id, email, password_hash, created_at) VALUES
         ('${randomUUID()}', 'newer@example.com', 'x', '2026-06-01'), ('${randomUUID()}', 'oldest@example.com', 'x', '2026-01-01'),
         ('${randomUUID()}', 'newest@example.com', 'x', '2026-11-01')`,
    );
    await migrate(url);
    const users = await query<{ email: string; is_admin: boolean; quota_bytes: string | null; disabled_at: Date | null }>(
      url,
      `SELECT email, is_admin, quota_bytes, disabled_at FROM users ORDER BY email`,
    );
    expect(users).toEqual([
      { email: "newer@example.com", is_admin: false, quota_bytes: null, disabled_at: null },
      { email: "newest@example.com", is_admin: false, quota_bytes: null, disabled_at: null },
      { email: "oldest@example.com", is_admin: true, quota_bytes: null, disabled_at: null },
    ]);
  });

  it("do not race when several processes start at once", async () => {
    const url = freshDatabaseUrl();
    await Promise.all([ensureDatabase(url), ensureDatabase(url), ensureDatabase(url)]);
    const results = await Promise.all(Array.from({ length: 5 }, () => migrate(url)));
    expect(results.flat()).toHaveLength((await readMigrations()).length);
    const [{ count }] = (await query<{ count: string }>(url, `SELECT count(*) FROM "_prisma_migrations"`)) as [{ count: string }];
    expect(Number(count)).toBe((await readMigrations()).length);
  });

  it("serve the newest photos of a user from the index, without sorting", async () => {
    const client = new pg.Client({ connectionString: process.env.DATABASE_URL! });
    await client.connect();
    try {
      // The test table is tiny, where a sequential scan is cheapest; rule that out to see the plan at scale.
      await client.query("SET enable_seqscan = off");
      const { rows } = await client.query<{ "QUERY PLAN": string }>(
        `EXPLAIN SELECT id FROM photos WHERE user_id = $1 ORDER BY taken_at DESC, id DESC LIMIT 60`,
        [randomUUID()],
      );
      const plan = rows.map((row) => row["QUERY PLAN"]).join("\n");
      expect(plan).toMatch(/Index (Only )?Scan using photos_user_id_taken_at_id_idx/);
      expect(plan).not.toMatch(/\bSort\b/);
    } finally {
      await client.end();
    }
  });
});
