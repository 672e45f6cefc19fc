import { mkdtemp, readFile, rm, stat } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { generatedSecrets, SECRET_FILES } from "@/scripts/embedded/data-dir";

const directories: string[] = [];
async function dataDir() {
  const parent = await mkdtemp(path.join(tmpdir(), "data-dir-"));
  directories.push(parent);
  return path.join(parent, "data"); // not there yet: npm start creates it
}
const mode = async (file: string) => (await stat(file)).mode & 0o777;

afterEach(async () => {
  await Promise.all(directories.splice(0).map((directory) => rm(directory, { recursive: true, force: true })));
});

describe("the secrets npm start makes in DATA_DIR", () => {
  it("are random per DATA_DIR and kept: the same on the next start", async () => {
    const [first, second] = [await dataDir(), await dataDir()];
    const secrets = await generatedSecrets({ DATA_DIR: first });
    expect(Object.keys(secrets).sort()).toEqual(["AUTH_SECRET", "EMBEDDED_POSTGRES_PASSWORD", "S3_ACCESS_KEY_ID", "S3_SECRET_ACCESS_KEY"]);
    expect(secrets.S3_SECRET_ACCESS_KEY!.length).toBeGreaterThanOrEqual(40);
    expect(secrets.S3_ACCESS_KEY_ID).not.toBe("S3RVER");
    expect(await generatedSecrets({ DATA_DIR: first })).toEqual(secrets);
    const elsewhere = await generatedSecrets({ DATA_DIR: second });
    for (const name of Object.keys(secrets)) expect(elsewhere[name], name).not.toBe(secrets[name]);
    expect(await readFile(path.join(first, SECRET_FILES.storeKeys), "utf8")).toBe(
      `S3_ACCESS_KEY_ID=${secrets.S3_ACCESS_KEY_ID}\nS3_SECRET_ACCESS_KEY=${secrets.S3_SECRET_ACCESS_KEY}\n`,
    );
  });

  it("are files only their owner reads (0600), in a DATA_DIR only its owner lists (0700)", async () => {
    const directory = await dataDir();
    await generatedSecrets({ DATA_DIR: directory, DATABASE_URL: "postgres://u:p@db/x" });
    expect(await mode(directory)).toBe(0o700);
    for (const file of [SECRET_FILES.authSecret, SECRET_FILES.storeKeys]) expect(await mode(path.join(directory, file)), file).toBe(0o600);
    // As root the embedded Postgres runs as the `postgres` user, who must enter DATA_DIR (not list it).
    await generatedSecrets({ DATA_DIR: directory });
    expect(await mode(directory)).toBe(process.getuid?.() === 0 ? 0o711 : 0o700);
    expect(await mode(path.join(directory, SECRET_FILES.postgresPassword))).toBe(0o600);
  });

  it("are made only for what is not configured", async () => {
    const directory = await dataDir();
    const configured = { DATA_DIR: directory, AUTH_SECRET: "x".repeat(32), DATABASE_URL: "postgres://u:p@db/x", S3_ENDPOINT: "http://store:9000" };
    expect(await generatedSecrets(configured)).toEqual({});
    expect(await generatedSecrets({ ...configured, S3_ENDPOINT: "", S3_ACCESS_KEY_ID: "mine", S3_SECRET_ACCESS_KEY: "mine too" })).toEqual({});
  });
});
