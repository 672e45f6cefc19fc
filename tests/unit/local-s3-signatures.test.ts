/**
 * The embedded store's signature check (scripts/embedded/local-s3-signatures.ts) against a real
 * s3rver: each way of walking around it, crafted from a real presigned URL of one user's
 * thumbnail, reads nobody else's object; and the SDK's ordinary traffic still works.
 */
import { createHash, randomBytes } from "node:crypto";
import { mkdtemp, rm } from "node:fs/promises";
import { request } from "node:http";
import { tmpdir } from "node:os";
import path from "node:path";
import { Readable } from "node:stream";
import { CopyObjectCommand, GetObjectCommand, ListPartsCommand, PutObjectCommand, S3Client } from "@aws-sdk/client-s3";
import { Upload } from "@aws-sdk/lib-storage";
import { Hash } from "@smithy/hash-node";
import { SignatureV4 } from "@smithy/signature-v4";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startLocalS3 } from "@/scripts/embedded/local-s3";
import { freePort } from "@/tests/support/test-run";

const credentials = { accessKeyId: randomBytes(10).toString("hex"), secretAccessKey: randomBytes(20).toString("hex") };
const bucket = "photos";
const keyOfA = "thumbnails/user-a/photo-a/v1/small.webp";
const keyOfB = "thumbnails/user-b/photo-b/v1/small.webp";
const bytesOfB = Buffer.from("user B's thumbnail");

let directory: string;
let store: { stop: () => Promise<void> };
let port: number;
let client: S3Client;
const signer = new SignatureV4({ service: "s3", region: "us-east-1", credentials, sha256: Hash.bind(null, "sha256"), uriEscapePath: false });
const sha256Hex = (bytes: Buffer | string) => createHash("sha256").update(bytes).digest("hex");

beforeAll(async () => {
  directory = await mkdtemp(path.join(tmpdir(), "local-s3-signatures-"));
  port = await freePort();
  store = await startLocalS3(directory, port, credentials, bucket, [`127.0.0.1:${port}`]);
  client = new S3Client({
    endpoint: `http://127.0.0.1:${port}`,
    region: "us-east-1",
    forcePathStyle: true,
    credentials,
    requestChecksumCalculation: "WHEN_REQUIRED",
    responseChecksumValidation: "WHEN_REQUIRED",
  });
  await client.send(new PutObjectCommand({ Bucket: bucket, Key: keyOfA, Body: Buffer.from("user A's thumbnail") }));
  await client.send(new PutObjectCommand({ Bucket: bucket, Key: keyOfB, Body: bytesOfB }));
});

afterAll(async () => {
  client?.destroy();
  await store?.stop();
  if (directory) await rm(directory, { recursive: true, force: true });
});

/** A request sent exactly as written: fetch() and URL would normalise the crafted paths. */
function send(method: string, target: string, headers: Record<string, string> = {}, body?: Buffer): Promise<{ status: number; body: Buffer }> {
  return new Promise((resolve, reject) => {
    const sent = request({ host: "127.0.0.1", port, method, path: target, headers: { host: `127.0.0.1:${port}`, ...headers } }, (response) => {
      const chunks: Buffer[] = [];
      response.on("data", (chunk: Buffer) => chunks.push(chunk));
      response.on("end", () => resolve({ status: response.statusCode!, body: Buffer.concat(chunks) }));
    });
    sent.on("error", reject);
    sent.end(body);
  });
}

async function presignedGet(key: string, options: { expiresIn?: number; signingDate?: Date } = {}): Promise<{ path: string; query: string }> {
  const signed = await signer.presign(
    { method: "GET", protocol: "http:", hostname: "127.0.0.1", port, path: `/${bucket}/${key}`, query: {}, headers: { host: `127.0.0.1:${port}`, "X-Amz-Content-Sha256": "UNSIGNED-PAYLOAD" } },
    { expiresIn: options.expiresIn ?? 300, signingDate: options.signingDate },
  );
  const query = Object.entries(signed.query ?? {})
    .map(([name, value]) => `${encodeURIComponent(name)}=${encodeURIComponent(String(value))}`)
    .join("&");
  return { path: signed.path, query };
}

/** A request signed in its Authorization header, as the SDK signs, sent as it is. */
async function signedRequest(method: string, key: string, body: Buffer, options: { payloadHash?: string; signingDate?: Date } = {}) {
  const headers = { host: `127.0.0.1:${port}`, "x-amz-content-sha256": options.payloadHash ?? sha256Hex(body), "content-length": String(body.length) };
  const signed = await signer.sign({ method, protocol: "http:", hostname: "127.0.0.1", port, path: `/${bucket}/${key}`, query: {}, headers, body }, { signingDate: options.signingDate });
  return send(method, signed.path, signed.headers as Record<string, string>, body);
}

describe("the embedded store's signature check", () => {
  it("opens a presigned URL for the object it was signed for", async () => {
    const { path: signedPath, query } = await presignedGet(keyOfA);
    const response = await send("GET", `${signedPath}?${query}`);
    expect(response.status).toBe(200);
    expect(response.body.toString()).toBe("user A's thumbnail");
  });

  // Each path below is what a URL parser resolves to A's key (so the old check, which verified the
  // parsed path, passed it), while s3rver decodes and resolves it to B's file.
  const towardsB = "..%2F..%2F..%2Fuser-b%2Fphoto-b%2Fv1%2Fx";
  const crafted = {
    "encoded slashes, then a dot-dot segment": `/${bucket}/thumbnails/user-a/photo-a/v1/${towardsB}/../small.webp`,
    "lower-case encoded slashes": `/${bucket}/thumbnails/user-a/photo-a/v1/${towardsB.toLowerCase()}/../small.webp`,
    "a percent-encoded dot-dot segment": `/${bucket}/thumbnails/user-a/photo-a/v1/${towardsB}/%2e%2E/small.webp`,
    "backslashes, which a URL parser reads as slashes": `/${bucket}/thumbnails/user-a/photo-a/v1/${towardsB}\\..\\small.webp`,
    "an encoded backslash": `/${bucket}/thumbnails/user-a/photo-a/v1/x%5C..%5Csmall.webp/../small.webp`,
    "a dot segment": `/${bucket}/thumbnails/user-a/photo-a/./v1/small.webp`,
    "an empty segment": `/${bucket}/thumbnails/user-a//photo-a/v1/small.webp`,
  };
  for (const [attack, craftedPath] of Object.entries(crafted)) {
    it(`refuses A's signed URL with ${attack}, and never serves B's object`, async () => {
      const { query } = await presignedGet(keyOfA);
      const response = await send("GET", `${craftedPath}?${query}`);
      expect(response.body.includes(bytesOfB)).toBe(false);
      expect(response.status).toBe(403);
    });
  }

  it("refuses a presigned URL without X-Amz-Expires, and an expired one", async () => {
    const { path: signedPath, query } = await presignedGet(keyOfA);
    const withoutExpiry = query.replace(/(^|&)X-Amz-Expires=\d+/, "");
    expect((await send("GET", `${signedPath}?${withoutExpiry}`)).status).toBe(400);
    const expired = await presignedGet(keyOfA, { expiresIn: 60, signingDate: new Date(Date.now() - 61_000) });
    const response = await send("GET", `${expired.path}?${expired.query}`);
    expect(response.status).toBe(403);
    expect(response.body.toString()).toContain("Request has expired");
  });

  it("refuses a request signed with an X-Amz-Date more than 15 minutes off the store's clock", async () => {
    const body = Buffer.from("late");
    const stale = await signedRequest("PUT", "late/object", body, { signingDate: new Date(Date.now() - 16 * 60_000) });
    expect(stale.status).toBe(403);
    expect(stale.body.toString()).toContain("RequestTimeTooSkewed");
    const future = await signedRequest("PUT", "late/object", body, { signingDate: new Date(Date.now() + 16 * 60_000) });
    expect(future.status).toBe(403);
    expect((await signedRequest("PUT", "late/object", body, { signingDate: new Date(Date.now() - 60_000) })).status).toBe(200);
  });

  it("refuses a body whose SHA-256 is not the signed x-amz-content-sha256, and keeps nothing", async () => {
    const response = await signedRequest("PUT", "tampered/object", Buffer.from("other bytes"), { payloadHash: sha256Hex("signed bytes") });
    expect(response.status).toBe(400);
    expect(response.body.toString()).toContain("XAmzContentSHA256Mismatch");
    await expect(client.send(new GetObjectCommand({ Bucket: bucket, Key: "tampered/object" }))).rejects.toMatchObject({ name: "NoSuchKey" });
    expect((await signedRequest("PUT", "unsigned/object", Buffer.from("bytes"), { payloadHash: "UNSIGNED-PAYLOAD" })).status).toBe(200);
    expect((await signedRequest("PUT", "malformed/object", Buffer.from("bytes"), { payloadHash: "not-a-hash" })).status).toBe(400);
  });

  it("still takes the SDK's traffic: puts of buffers and streams, multipart uploads, copies, listings", async () => {
    await client.send(new PutObjectCommand({ Bucket: bucket, Key: "sdk/buffer", Body: Buffer.from("a buffer") }));
    const streamed = Buffer.from("a stream of bytes");
    await client.send(
      new PutObjectCommand({
        Bucket: bucket,
        Key: "sdk/stream",
        Body: Readable.from([streamed]),
        ContentLength: streamed.length,
        ChecksumSHA256: createHash("sha256").update(streamed).digest("base64"),
      }),
    );
    const large = randomBytes(11 * 1024 * 1024);
    await new Upload({
      client,
      params: { Bucket: bucket, Key: "sdk/multipart", Body: Readable.from([large]), ChecksumAlgorithm: "SHA256" },
      partSize: 5 * 1024 * 1024,
    }).done();
    await client.send(new CopyObjectCommand({ Bucket: bucket, Key: "sdk/copy", CopySource: `${bucket}/sdk/multipart`, ChecksumAlgorithm: "SHA256" }));
    for (const [key, expected] of [["sdk/buffer", Buffer.from("a buffer")], ["sdk/stream", streamed], ["sdk/copy", large]] as const) {
      const { Body } = await client.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
      expect(sha256Hex(Buffer.from(await Body!.transformToByteArray())), key).toBe(sha256Hex(expected));
    }
    await expect(client.send(new ListPartsCommand({ Bucket: bucket, Key: "sdk/x", UploadId: "none" }))).rejects.toMatchObject({ name: "NoSuchUpload" });
  });
});
