// Applies pending migrations (and creates the bucket) against configured services: the compose
// stack's one-shot `migrate` service. `npm start` does the same by itself.
import { env } from "@/lib/env";
import { ensureBucket } from "@/lib/storage";
import { ensureDatabase, migrate } from "@/scripts/migrations";

if (env.embeddedPostgres) {
  console.error("DATABASE_URL is not set: `npm start` runs and migrates an embedded Postgres by itself.");
  process.exit(1);
}
await ensureDatabase(env.databaseUrl);
const applied = await migrate(env.databaseUrl);
console.log(applied.length ? `Applied migrations: ${applied.join(", ")}` : "The database is up to date.");
if (!env.embeddedS3) await ensureBucket();
