import { describe, expect, it } from "vitest";
import { parseEnv } from "@/lib/env";

describe("parseEnv", () => {
  it("runs with nothing configured, on embedded services", () => {
    const env = parseEnv({});
    expect(env).toMatchObject({
      PORT: 3000,
      embeddedPostgres: true,
      embeddedS3: true,
      REDIS_URL: "redis://127.0.0.1:6379",
      MAX_UPLOAD_BYTES: 4 * 1024 ** 3,
      SIGNED_URL_TTL_SECONDS: 600,
      S3_FORCE_PATH_STYLE: true,
      TRASH_DAYS: 30,
    });
    expect(env.dataDir).toMatch(/\/data$/);
  });

  it("uses configured services and treats empty values as unset", () => {
    const env = parseEnv({ DATABASE_URL: "postgres://u:p@db:5432/x", S3_ENDPOINT: "http://minio:9000", S3_FORCE_PATH_STYLE: "false", PORT: "" });
    expect(env).toMatchObject({ embeddedPostgres: false, embeddedS3: false, databaseUrl: "postgres://u:p@db:5432/x", S3_FORCE_PATH_STYLE: false, PORT: 3000 });
    expect(env.s3PublicEndpoint).toBe("http://minio:9000");
  });

  it("refuses the well-known store keys in production, naming the fix", () => {
    for (const [id, secret] of [["S3RVER", "S3RVER"], ["minioadmin", "minioadmin"]]) {
      const source = { S3_ACCESS_KEY_ID: id, S3_SECRET_ACCESS_KEY: secret };
      expect(() => parseEnv({ ...source, NODE_ENV: "production" })).toThrow(/S3_ACCESS_KEY_ID=.*well-known.*\n.*Unset S3_ACCESS_KEY_ID and S3_SECRET_ACCESS_KEY/s);
      expect(parseEnv({ ...source, NODE_ENV: "test" }).s3Credentials).toEqual({ accessKeyId: id, secretAccessKey: secret });
    }
    expect(() => parseEnv({ S3_ACCESS_KEY_ID: "only-one" })).toThrow(/set both or neither/);
    expect(parseEnv({ NODE_ENV: "production" }).s3Credentials).toBeUndefined();
  });

  it("lets the bucket's CORS rule allow the app's own origin, never any", () => {
    expect(parseEnv({ PORT: "3100" }).appOrigins).toEqual(["http://localhost:3100", "http://127.0.0.1:3100"]);
    expect(parseEnv({ APP_ORIGIN: "https://photos.example.com" }).appOrigins).toEqual(["https://photos.example.com"]);
  });

  it("reaches the embedded Postgres with its generated password", () => {
    expect(parseEnv({ EMBEDDED_POSTGRES_PASSWORD: "a/b c" }).databaseUrl).toBe("postgres://postgres:a%2Fb%20c@127.0.0.1:54329/photo_backup");
  });

  it.each([
    ["PORT", "eighty"],
    ["DATABASE_URL", "mysql://localhost/db"],
    ["REDIS_URL", "localhost:6379"],
    ["MAX_UPLOAD_BYTES", "-1"],
    ["AUTH_SECRET", "short"],
    ["S3_FORCE_PATH_STYLE", "yes"],
    ["WORKER_CONCURRENCY", "0"],
    ["VAPID_PUBLIC_KEY", "not-a-key"],
    ["VAPID_SUBJECT", "admin@example.com"],
    ["TRASH_DAYS", "0"],
    ["SIGNUP", "yes"],
    ["DEFAULT_QUOTA_BYTES", "10GB"],
    ["DEFAULT_QUOTA_BYTES", "0"],
  ])("names %s when it is wrong", (name, value) => {
    expect(() => parseEnv({ [name]: value })).toThrow(new RegExp(`Invalid environment:\\n\\s+${name}=`));
  });

  it("closes sign-up and sets no quota unless told", () => {
    expect(parseEnv({}).SIGNUP).toBe("closed");
    expect(parseEnv({}).DEFAULT_QUOTA_BYTES).toBeUndefined();
    expect(parseEnv({ SIGNUP: "open", DEFAULT_QUOTA_BYTES: "50000000000" })).toMatchObject({ SIGNUP: "open", DEFAULT_QUOTA_BYTES: 50_000_000_000 });
    expect(parseEnv({ SIGNUP: "", DEFAULT_QUOTA_BYTES: "" }).DEFAULT_QUOTA_BYTES).toBeUndefined();
  });

  it("takes trusted proxies as addresses or CIDR ranges, and refuses anything else", () => {
    expect(parseEnv({ TRUSTED_PROXIES: "10.0.0.0/8, 192.0.2.7,fd00::/8" }).TRUSTED_PROXIES).toEqual(["10.0.0.0/8", "192.0.2.7", "fd00::/8"]);
    expect(parseEnv({}).TRUSTED_PROXIES).toEqual([]);
    expect(() => parseEnv({ TRUSTED_PROXIES: "10.0.0.0/8,proxy.internal" })).toThrow(/TRUSTED_PROXIES/);
  });

  it("consumes both queues with one video at a time unless told, and names only known queues", () => {
    expect(parseEnv({})).toMatchObject({ WORKER_QUEUES: ["photos", "videos"], VIDEO_WORKER_CONCURRENCY: 1, FFMPEG_PATH: "ffmpeg", FFPROBE_PATH: "ffprobe" });
    expect(parseEnv({ WORKER_QUEUES: "videos" }).WORKER_QUEUES).toEqual(["videos"]);
    expect(parseEnv({ WORKER_QUEUES: " photos , videos,photos" }).WORKER_QUEUES).toEqual(["photos", "videos"]);
    expect(() => parseEnv({ WORKER_QUEUES: "video" })).toThrow(/WORKER_QUEUES="video"/);
    expect(() => parseEnv({ WORKER_QUEUES: "," })).toThrow(/WORKER_QUEUES/);
  });

  it("wants both VAPID keys or neither", () => {
    expect(parseEnv({}).VAPID_PUBLIC_KEY).toBeUndefined();
    expect(() => parseEnv({ VAPID_PRIVATE_KEY: "8qRvgnoenVLcXC-f8y7CQgWv0UJzdRSNixlc2jrgsuM" })).toThrow(
      /VAPID_PUBLIC_KEY and VAPID_PRIVATE_KEY: set both/,
    );
  });
});
