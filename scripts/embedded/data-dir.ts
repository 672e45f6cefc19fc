/**
 * The secrets `npm start` makes for itself when they are not configured, kept in DATA_DIR so that
 * they survive restarts: the session secret, the embedded store's keys and the embedded Postgres's
 * password. They are made before the environment is read (lib/env.ts), into it, so the launcher
 * and every process it starts see the same.
 */
import { randomBytes } from "node:crypto";
import { chmod, mkdir, readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { parseEnv } from "node:util";
import { z } from "zod";

/** The few settings that decide what is made; lib/env.ts validates them all again. */
const settings = z.object({
  DATA_DIR: z.string().min(1).default("./data"),
  AUTH_SECRET: z.string().optional(),
  DATABASE_URL: z.string().optional(),
  S3_ENDPOINT: z.string().optional(),
  S3_ACCESS_KEY_ID: z.string().optional(),
  S3_SECRET_ACCESS_KEY: z.string().optional(),
  EMBEDDED_POSTGRES_PASSWORD: z.string().optional(),
});

/**
 * DATA_DIR, readable by its owner only (it holds the photos and these secrets). As root, the
 * embedded Postgres runs as the `postgres` user, who must pass through it to its cluster: others
 * may then enter it but not list it, and every secret in it is its owner's only.
 */
export async function ensureDataDir(dataDir: string, { othersMayEnter = false } = {}): Promise<void> {
  const mode = othersMayEnter ? 0o711 : 0o700;
  await mkdir(dataDir, { recursive: true, mode });
  await chmod(dataDir, mode);
}

/** A secret kept in DATA_DIR/name (mode 0600): the one there, or a new one made by `make`. */
async function keptSecret(dataDir: string, name: string, make: () => string): Promise<string> {
  const file = path.join(dataDir, name);
  const existing = (await readFile(file, "utf8").catch(() => "")).trim();
  if (existing) return existing;
  const secret = make();
  await writeFile(file, `${secret}\n`, { mode: 0o600 });
  return secret;
}

export const SECRET_FILES = {
  authSecret: "auth-secret",
  /** The embedded store's keys, as `S3_ACCESS_KEY_ID=…` and `S3_SECRET_ACCESS_KEY=…` lines (an env file). */
  storeKeys: "s3-credentials.env",
  postgresPassword: "postgres-password",
} as const;

const random = (bytes: number) => randomBytes(bytes).toString("base64url");

/** The embedded store's key pair, made once per DATA_DIR. */
export async function storeKeys(dataDir: string): Promise<{ accessKeyId: string; secretAccessKey: string }> {
  const text = await keptSecret(dataDir, SECRET_FILES.storeKeys, () =>
    `S3_ACCESS_KEY_ID=${randomBytes(10).toString("hex").toUpperCase()}\nS3_SECRET_ACCESS_KEY=${random(30)}`,
  );
  const keys = parseEnv(text);
  return { accessKeyId: keys.S3_ACCESS_KEY_ID!, secretAccessKey: keys.S3_SECRET_ACCESS_KEY! };
}

/**
 * The variables to add to the environment: a secret for each of AUTH_SECRET, the embedded store's
 * keys and the embedded Postgres's password that is not configured and is needed.
 */
export async function generatedSecrets(source: Record<string, string | undefined>): Promise<Record<string, string>> {
  const present = Object.fromEntries(Object.entries(source).filter(([, value]) => value !== ""));
  const config = settings.parse(present);
  const dataDir = path.resolve(config.DATA_DIR);
  const embeddedPostgres = config.DATABASE_URL === undefined;
  await ensureDataDir(dataDir, { othersMayEnter: embeddedPostgres && process.getuid?.() === 0 });
  const secrets: Record<string, string> = {};
  if (!config.AUTH_SECRET) secrets.AUTH_SECRET = await keptSecret(dataDir, SECRET_FILES.authSecret, () => random(32));
  if (config.S3_ENDPOINT === undefined && !config.S3_ACCESS_KEY_ID && !config.S3_SECRET_ACCESS_KEY) {
    const keys = await storeKeys(dataDir);
    secrets.S3_ACCESS_KEY_ID = keys.accessKeyId;
    secrets.S3_SECRET_ACCESS_KEY = keys.secretAccessKey;
  }
  if (embeddedPostgres && !config.EMBEDDED_POSTGRES_PASSWORD) secrets.EMBEDDED_POSTGRES_PASSWORD = await keptSecret(dataDir, SECRET_FILES.postgresPassword, () => random(24));
  return secrets;
}
