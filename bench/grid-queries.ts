import pg from "pg";
import { percentile } from "@/bench/support";

const USERS = 1000;
const ROWS = 2_000_000;
const BIG_USER_ROWS = 100_000;

/**
 * 2,000,000 photo rows across 1,000 users, 100,000 of them one user's, made by SQL in a few
 * statements (no objects in the store: only the queries are measured). Returns the big user's id.
 */
export async function seedLibrary(databaseUrl: string): Promise<string> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    await client.query(`
      INSERT INTO users (id, email, password_hash)
      SELECT gen_random_uuid(), 'seed-' || n || '@example.com', 'x' FROM generate_series(1, ${USERS}) AS n`);
    const { rows } = await client.query<{ id: string }>(`SELECT id FROM users WHERE email = 'seed-1@example.com'`);
    const bigUser = rows[0]!.id;
    // Ten photos share each timestamp here and there, as bursts from a phone do.
    const insertBigUser = `
      INSERT INTO photos (id, user_id, filename, content_type, size, sha256, taken_at, uploaded_at, width, height, status, thumbhash, thumbnail_keys)
      SELECT gen_random_uuid(), '${bigUser}'::uuid, 'IMG_' || n || '.jpg', 'image/jpeg', 3000000,
             encode(sha256(('big-' || n)::bytea), 'hex'),
             timestamp '2015-01-01' + ((n / 10) * interval '17 minutes'), now(), 4032, 3024, 'ready', 'YJqGPQw7sFlslqhFafSE+Q6oJ1h2iHB2Rw',
             jsonb_build_object('small', 's', 'medium', 'm', 'large', 'l')
      FROM generate_series(1, ${BIG_USER_ROWS}) AS n`;
    await client.query(insertBigUser);
    await client.query(`
      WITH others AS (SELECT id, row_number() OVER () AS k FROM users WHERE id <> '${bigUser}')
      INSERT INTO photos (id, user_id, filename, content_type, size, sha256, taken_at, uploaded_at, width, height, status)
      SELECT gen_random_uuid(), others.id, 'IMG_' || n || '.jpg', 'image/jpeg', 3000000,
             encode(sha256((others.id::text || n)::bytea), 'hex'),
             timestamp '2015-01-01' + (n * interval '3 hours'), now(), 4032, 3024, 'ready'
      FROM generate_series(1, ${Math.ceil((ROWS - BIG_USER_ROWS) / (USERS - 1))}) AS n CROSS JOIN others`);
    await client.query("ANALYZE photos");
    return bigUser;
  } finally {
    await client.end();
  }
}

/** p50/p95 of `measured` over `rounds` (after 5 warm-up rounds); `prepare` runs untimed before each. */
async function timed(rounds: number, measured: () => Promise<unknown>, prepare?: () => Promise<unknown>) {
  const samples: number[] = [];
  for (let round = 0; round < rounds + 5; round++) {
    await prepare?.();
    const started = performance.now();
    await measured();
    if (round >= 5) samples.push(performance.now() - started);
  }
  return { p50: +percentile(samples, 50).toFixed(2), p95: +percentile(samples, 95).toFixed(2) };
}

/** First page (hit, miss), a deep page by cursor, and the month buckets: in-process, as the route calls them. */
export async function measureGridQueries(userId: string, rounds = 200) {
  const { listPhotos, listMonthBuckets } = await import("@/lib/photos/list-photos");
  const { invalidateRecentPhotos } = await import("@/lib/photos/recent-photos-cache");
  const { presentPhotos } = await import("@/lib/photos/photo-view");
  const firstPage = () => listPhotos({ userId, limit: 60 }).then((page) => presentPhotos(page.photos));

  await firstPage();
  const hit = await timed(rounds, firstPage);
  const miss = await timed(rounds, firstPage, () => invalidateRecentPhotos(userId));

  // A cursor 90,000 photos deep, found once by walking the index.
  let cursor: string | null = null;
  for (let walked = 0; walked < 90_000; walked += 500) cursor = (await listPhotos({ userId, limit: 500, cursor: cursor ?? undefined })).nextCursor;
  const deep = await timed(rounds, () => listPhotos({ userId, limit: 60, cursor: cursor! }).then((page) => presentPhotos(page.photos)));
  const buckets = await timed(Math.min(rounds, 50), () => listMonthBuckets(userId), () => invalidateRecentPhotos(userId));
  return { hit, miss, deep, buckets };
}
