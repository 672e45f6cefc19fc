/**
 * The embedded store as npm start runs it with nothing configured: its own keys from DATA_DIR, the
 * bucket's CORS rule for the app's own origin, and only the names the app and browsers reach it by.
 */
import { mkdtemp, rm } from "node:fs/promises";
import { request } from "node:http";
import { tmpdir } from "node:os";
import path from "node:path";
import { Hash } from "@smithy/hash-node";
import { SignatureV4 } from "@smithy/signature-v4";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { storeKeys } from "@/scripts/embedded/data-dir";
import { startLocalS3 } from "@/scripts/embedded/local-s3";
import { freePort } from "@/tests/support/test-run";

let directory: string;
let port: number;
let store: { stop: () => Promise<void> };

beforeAll(async () => {
  directory = await mkdtemp(path.join(tmpdir(), "local-s3-"));
  port = await freePort();
  const keys = await storeKeys(directory);
  store = await startLocalS3(directory, port, keys, "photos", [`127.0.0.1:${port}`]);
  // The launcher's store setup, with the environment npm start gives it.
  vi.stubEnv("S3_ACCESS_KEY_ID", keys.accessKeyId);
  vi.stubEnv("S3_SECRET_ACCESS_KEY", keys.secretAccessKey);
  vi.stubEnv("S3_ENDPOINT", `http://127.0.0.1:${port}`);
  vi.stubEnv("S3_PUBLIC_ENDPOINT", "");
  vi.stubEnv("PORT", "3100");
  vi.stubEnv("APP_ORIGIN", "");
  const { ensureBucket, s3 } = await import("@/lib/storage");
  await ensureBucket();
  s3.destroy();
});

afterAll(async () => {
  vi.unstubAllEnvs();
  await store?.stop();
  if (directory) await rm(directory, { recursive: true, force: true });
});

function send(method: string, target: string, headers: Record<string, string>): Promise<{ status: number; headers: Record<string, unknown>; body: string }> {
  return new Promise((resolve, reject) => {
    request({ host: "127.0.0.1", port, method, path: target, headers }, (response) => {
      let body = "";
      response.on("data", (chunk: Buffer) => (body += chunk.toString()));
      response.on("end", () => resolve({ status: response.statusCode!, headers: response.headers, body }));
    })
      .on("error", reject)
      .end();
  });
}

describe("the embedded store, as npm start runs it", () => {
  it("refuses requests signed with s3rver's public keys (S3RVER/S3RVER)", async () => {
    const signer = new SignatureV4({ service: "s3", region: "us-east-1", credentials: { accessKeyId: "S3RVER", secretAccessKey: "S3RVER" }, sha256: Hash.bind(null, "sha256") });
    const listing = await signer.sign({ method: "GET", protocol: "http:", hostname: "127.0.0.1", port, path: "/photos", query: {}, headers: { host: `127.0.0.1:${port}`, "x-amz-content-sha256": "UNSIGNED-PAYLOAD" } });
    const response = await send("GET", "/photos", listing.headers as Record<string, string>);
    expect(response.status).toBe(403);
    expect(response.body).toContain("InvalidAccessKeyId");
  });

  it("answers a CORS preflight from the app's own origin, and no other", async () => {
    const preflight = (origin: string) =>
      send("OPTIONS", "/photos/thumbnails/u/p/v1/small.webp", { host: `127.0.0.1:${port}`, origin, "access-control-request-method": "GET" });
    for (const origin of ["http://localhost:3100", "http://127.0.0.1:3100"]) {
      const allowed = await preflight(origin);
      expect(allowed.status, origin).toBe(200);
      expect(allowed.headers["access-control-allow-methods"]).toBe("GET, HEAD");
    }
    const elsewhere = await preflight("https://evil.example");
    expect(elsewhere.status).toBe(403);
    expect(elsewhere.headers["access-control-allow-origin"]).toBeUndefined();
  });

  it("refuses requests addressed to it under another name (DNS rebinding)", async () => {
    const rebound = await send("OPTIONS", "/photos/x", { host: `evil.example:${port}`, origin: "http://evil.example", "access-control-request-method": "GET" });
    expect(rebound.status).toBe(403);
    expect((await send("GET", "/photos", { host: `localhost:${port}` })).status).toBe(403);
    expect((await send("GET", "/photos", { host: `127.0.0.1:${port}` })).body).toContain("not signed");
  });
});
