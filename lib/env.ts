import "server-only";
import { availableParallelism } from "node:os";
import path from "node:path";
import { z } from "zod";
import { PHOTO_QUEUE, VIDEO_QUEUE } from "@/lib/queue/jobs";

const flag = z
  .enum(["true", "false", "1", "0"])
  .transform((value) => value === "true" || value === "1");

const port = z.coerce.number().int().min(1).max(65535);

const schema = z.object({
  NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
  PORT: port.default(3000),
  DATA_DIR: z.string().min(1).default("./data"),
  DATABASE_URL: z.url({ protocol: /^postgres(ql)?$/, error: "must be a postgres:// URL" }).optional(),
  REDIS_URL: z.url({ protocol: /^rediss?$/, error: "must be a redis:// or rediss:// URL" }).default("redis://127.0.0.1:6379"),
  REDIS_PREFIX: z.string().regex(/^[\w.-]+$/, "letters, digits, '.', '_' or '-' only").default("pb"),
  S3_ENDPOINT: z.url().optional(),
  S3_PUBLIC_ENDPOINT: z.url().optional(),
  S3_REGION: z.string().min(1).default("us-east-1"),
  S3_BUCKET: z.string().regex(/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/, "must be a valid S3 bucket name").default("photos"),
  // Unset: the embedded store's are made by npm start (DATA_DIR/s3-credentials.env); another store's, the AWS SDK's default chain.
  S3_ACCESS_KEY_ID: z.string().min(1).optional(),
  S3_SECRET_ACCESS_KEY: z.string().min(1).optional(),
  S3_FORCE_PATH_STYLE: flag.default(true),
  // Where browsers open the app (default http://localhost:PORT and http://127.0.0.1:PORT): the
  // bucket's CORS rule lets pages from there read thumbnails.
  APP_ORIGIN: z
    .string()
    .transform((value) => value.split(",").map((origin) => origin.trim()))
    .pipe(z.array(z.url({ protocol: /^https?$/ }).refine((url) => new URL(url).origin === url, "each must be an origin like https://photos.example.com, without a path")))
    .optional(),
  AUTH_SECRET: z.string().min(32, "must be at least 32 characters (try: openssl rand -base64 32)").optional(),
  // The largest original, photo or video: 4 GiB holds about 20 minutes of an iPhone's 4K video.
  MAX_UPLOAD_BYTES: z.coerce.number().int().positive().default(4 * 1024 ** 3),
  SIGNED_URL_TTL_SECONDS: z.coerce.number().int().min(1).max(7 * 24 * 3600).default(600),
  // Two jobs per core: each spends part of its time waiting on the store and the database.
  WORKER_CONCURRENCY: z.coerce.number().int().min(1).max(64).default(Math.min(8, Math.max(2, 2 * availableParallelism()))),
  // Video jobs run at once per worker: a transcode keeps a few cores busy for as long as the clip lasts.
  VIDEO_WORKER_CONCURRENCY: z.coerce.number().int().min(1).max(16).default(1),
  // The queues this worker process consumes: both by default; "videos" (or "photos") for workers of one kind.
  WORKER_QUEUES: z
    .string()
    .default("photos,videos")
    .transform((value) => [...new Set(value.split(",").map((name) => name.trim()).filter(Boolean))])
    .pipe(z.array(z.enum([PHOTO_QUEUE, VIDEO_QUEUE])).min(1, `name ${PHOTO_QUEUE}, ${VIDEO_QUEUE} or both`)),
  // ffmpeg and ffprobe (Debian's ffmpeg package): names looked up on PATH, or paths.
  FFMPEG_PATH: z.string().min(1).default("ffmpeg"),
  FFPROBE_PATH: z.string().min(1).default("ffprobe"),
  // HEIC decoder: auto uses libheif's heif-convert when it is on PATH (the worker image installs it),
  // else the WebAssembly one; native or wasm forces one (native fails at start without the tool).
  HEIC_DECODER: z.enum(["auto", "native", "wasm"]).default("auto"),
  // How often the cluster-wide reconciler re-queues photos left `processing` without a job.
  RECONCILE_INTERVAL_SECONDS: z.coerce.number().int().min(5).max(86_400).default(300),
  EMBEDDED_POSTGRES_PORT: port.default(54329),
  EMBEDDED_S3_PORT: port.default(4568),
  // The embedded Postgres's password: npm start makes it (DATA_DIR/postgres-password).
  EMBEDDED_POSTGRES_PASSWORD: z.string().min(1).optional(),
  VAPID_PUBLIC_KEY: z.string().regex(/^[\w-]{80,90}$/, "must be a URL-safe base64 VAPID public key (npx web-push generate-vapid-keys)").optional(),
  VAPID_PRIVATE_KEY: z.string().regex(/^[\w-]{40,45}$/, "must be a URL-safe base64 VAPID private key").optional(),
  VAPID_SUBJECT: z.string().regex(/^(mailto:|https:\/\/)/, "must be a mailto: or https:// URL").default("mailto:admin@localhost"),
  // Push services the server may post to: browsers' own (Chrome, Safari, Firefox, Edge). Posting
  // to an address a client sent is otherwise a way into the internal network.
  PUSH_SERVICE_ORIGINS: z
    .string()
    .default("https://fcm.googleapis.com,https://*.push.apple.com,https://*.push.services.mozilla.com,https://*.notify.windows.com"),
  METRICS_TOKEN: z.string().min(16, "must be at least 16 characters").optional(),
  LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
  // The nightly scrub re-reads a share of the originals such that every one is read within this many days.
  SCRUB_DAYS: z.coerce.number().int().min(1).max(365).default(30),
  // Deleted photos stay in the trash this long before the nightly purge deletes them for good.
  TRASH_DAYS: z.coerce.number().int().min(1).max(3650).default(30),
  // Whether anyone may create an account; the first account on an empty instance always may (it becomes the admin).
  SIGNUP: z.enum(["open", "closed"]).default("closed"),
  // Bytes of originals a new account may store; unset: unlimited.
  DEFAULT_QUOTA_BYTES: z.coerce.number().int().positive().optional(),
  // Reverse proxies whose X-Forwarded-For is believed (addresses or CIDR ranges); none: the connection's peer is the client.
  TRUSTED_PROXIES: z
    .string()
    .default("")
    .transform((value) => value.split(",").map((entry) => entry.trim()).filter(Boolean))
    .pipe(z.array(z.union([z.ipv4(), z.ipv6(), z.cidrv4(), z.cidrv6()], { error: "each must be an IP address or a CIDR range (10.0.0.0/8)" }))),
});

/**
 * Key pairs that ship in the documentation of S3-compatible servers and SDKs: whoever has read
 * it can sign requests with them.
 */
const WELL_KNOWN_STORE_KEYS = [
  ["S3RVER", "S3RVER"], // s3rver
  ["minioadmin", "minioadmin"], // MinIO
  ["AKIAIOSFODNN7EXAMPLE", "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"], // AWS's documentation
  ["test", "test"], // LocalStack
  ["accessKey1", "verySecretKey1"], // Zenko CloudServer
  ["admin", "password"], // Ceph's and others' examples
];

/** Parses the environment; an empty variable counts as unset (compose files often pass ""). */
export function parseEnv(source: Record<string, string | undefined>) {
  const present = Object.fromEntries(Object.entries(source).filter(([, value]) => value !== ""));
  const result = schema.safeParse(present);
  if (!result.success) {
    const problems = result.error.issues.map((issue) => {
      const name = String(issue.path[0]);
      return `  ${name}=${JSON.stringify(source[name])}: ${issue.message}`;
    });
    throw new Error(`Invalid environment:\n${problems.join("\n")}`);
  }
  const env = result.data;
  if ((env.VAPID_PUBLIC_KEY === undefined) !== (env.VAPID_PRIVATE_KEY === undefined)) {
    throw new Error("Invalid environment:\n  VAPID_PUBLIC_KEY and VAPID_PRIVATE_KEY: set both (web push on) or neither (off)");
  }
  if ((env.S3_ACCESS_KEY_ID === undefined) !== (env.S3_SECRET_ACCESS_KEY === undefined)) {
    throw new Error("Invalid environment:\n  S3_ACCESS_KEY_ID and S3_SECRET_ACCESS_KEY: set both or neither");
  }
  const wellKnown = WELL_KNOWN_STORE_KEYS.some(([id, secret]) => env.S3_ACCESS_KEY_ID === id && env.S3_SECRET_ACCESS_KEY === secret);
  if (env.NODE_ENV === "production" && wellKnown) {
    throw new Error(
      `Invalid environment:\n  S3_ACCESS_KEY_ID="${env.S3_ACCESS_KEY_ID}": a well-known default key pair, which anyone can sign requests with.\n` +
        "  Unset S3_ACCESS_KEY_ID and S3_SECRET_ACCESS_KEY for npm start's embedded store to use keys of its own (made in DATA_DIR),\n" +
        "  or give your store a key of its own and set those.",
    );
  }
  const dataDir = path.resolve(env.DATA_DIR);
  const s3Endpoint = env.S3_ENDPOINT ?? `http://127.0.0.1:${env.EMBEDDED_S3_PORT}`;
  const s3PublicEndpoint = env.S3_PUBLIC_ENDPOINT ?? s3Endpoint;
  const publicUrl = new URL(s3PublicEndpoint);
  return {
    ...env,
    dataDir,
    /** No DATABASE_URL: the launcher runs Postgres from `embedded-postgres` under DATA_DIR. */
    embeddedPostgres: env.DATABASE_URL === undefined,
    databaseUrl:
      env.DATABASE_URL ??
      `postgres://postgres${env.EMBEDDED_POSTGRES_PASSWORD ? `:${encodeURIComponent(env.EMBEDDED_POSTGRES_PASSWORD)}` : ""}@127.0.0.1:${env.EMBEDDED_POSTGRES_PORT}/photo_backup`,
    /** No S3_ENDPOINT: the launcher runs a local S3-compatible server (s3rver) under DATA_DIR. */
    embeddedS3: env.S3_ENDPOINT === undefined,
    s3Endpoint,
    s3PublicEndpoint,
    s3Credentials: env.S3_ACCESS_KEY_ID && env.S3_SECRET_ACCESS_KEY ? { accessKeyId: env.S3_ACCESS_KEY_ID, secretAccessKey: env.S3_SECRET_ACCESS_KEY } : undefined,
    /** The origins the bucket's CORS rule allows: the app's own. */
    appOrigins: env.APP_ORIGIN ?? [`http://localhost:${env.PORT}`, `http://127.0.0.1:${env.PORT}`],
    /** Where browsers fetch signed URLs from: the bucket is in the host name unless path style is on. */
    s3PublicOrigin: env.S3_FORCE_PATH_STYLE ? publicUrl.origin : `${publicUrl.protocol}//${env.S3_BUCKET}.${publicUrl.host}`,
  };
}

export const env = parseEnv(process.env);
