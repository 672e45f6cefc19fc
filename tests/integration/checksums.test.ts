import { createHash } from "node:crypto";
import { readFile } from "node:fs/promises";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { Transform } from "node:stream";
import { CreateMultipartUploadCommand, PutObjectCommand, UploadPartCommand } from "@aws-sdk/client-s3";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { bucket, s3 } from "@/lib/storage";
import { api, createUser, fixturePath, type TestUser } from "@/tests/support/api";
import { startWebServer, type AppProcess } from "@/tests/support/processes";
import { freePort } from "@/tests/support/test-run";

const sha256 = (bytes: Buffer, encoding: "hex" | "base64" = "hex") => createHash("sha256").update(bytes).digest(encoding);

/**
 * A stretch of network between the app and the store that, when told to, flips one bit of every
 * PUT body bound for an original: the kind of damage a checksum exists to catch.
 */
function corruptingLink(storeOrigin: string) {
  const state = { corrupt: false, corrupted: 0 };
  const server = http.createServer((request, response) => {
    const target = new URL(request.url!, storeOrigin);
    const forward = http.request(target, { method: request.method, headers: request.headers }, (answer) => {
      response.writeHead(answer.statusCode!, answer.headers);
      answer.pipe(response);
    });
    let seen = 0;
    const damage = state.corrupt && request.method === "PUT" && target.pathname.includes("/originals/");
    if (damage) state.corrupted++;
    request
      .pipe(
        new Transform({
          transform(chunk: Buffer, _encoding, done) {
            if (damage && seen <= 1000 && seen + chunk.length > 1000) chunk[1000 - seen]! ^= 0x01;
            seen += chunk.length;
            done(null, chunk);
          },
        }),
      )
      .pipe(forward);
  });
  return { server, state };
}

let user: TestUser;
let link: ReturnType<typeof corruptingLink>;
let web: AppProcess;
let webOrigin: string;

beforeAll(async () => {
  user = await createUser();
  link = corruptingLink(process.env.S3_ENDPOINT!);
  await new Promise<void>((resolve) => link.server.listen(Number(process.env.STORE_LINK_PORT), "127.0.0.1", resolve));
  const port = await freePort();
  webOrigin = `http://127.0.0.1:${port}`;
  web = await startWebServer({ LOG_LEVEL: "silent", S3_ENDPOINT: `http://127.0.0.1:${(link.server.address() as AddressInfo).port}` }, port);
});

afterAll(async () => {
  await web?.stop();
  link?.server.close();
});

/** An upload through the web process whose store traffic crosses the link; with the size and hash first, or neither. */
async function uploadThroughLink(bytes: Buffer, name: string, { declared }: { declared: boolean }) {
  const form = new FormData();
  if (declared) {
    form.append("size", String(bytes.length));
    form.append("sha256", sha256(bytes));
  }
  form.append("file", new Blob([new Uint8Array(bytes)]), name);
  return fetch(`${webOrigin}/api/v1/photos`, { method: "POST", body: form, headers: { authorization: `Bearer ${user.token}` } });
}

describe("end-to-end checksums", () => {
  it("the store refuses a PUT or a part whose bytes do not have the SHA-256 they were sent with", async () => {
    const bytes = Buffer.from("the bytes as they left");
    const other = Buffer.from("the bytes as they came");
    await expect(s3.send(new PutObjectCommand({ Bucket: bucket, Key: "checksums/object", Body: other, ChecksumSHA256: sha256(bytes, "base64") }))).rejects.toMatchObject({
      name: "BadDigest",
    });
    const { UploadId } = await s3.send(new CreateMultipartUploadCommand({ Bucket: bucket, Key: "checksums/parts" }));
    await expect(
      s3.send(new UploadPartCommand({ Bucket: bucket, Key: "checksums/parts", UploadId, PartNumber: 1, Body: other, ChecksumSHA256: sha256(bytes, "base64") })),
    ).rejects.toMatchObject({ name: "BadDigest" });
  });

  it("bytes damaged between the app and the store are refused by the store, and no photo is recorded", async () => {
    const bytes = await readFile(fixturePath("camera/Canon_40D.jpg"));
    for (const declared of [true, false]) {
      link.state.corrupt = true;
      const damaged = await uploadThroughLink(bytes, "damaged.jpg", { declared });
      link.state.corrupt = false;
      expect(damaged.status, `declared size and hash: ${declared}`).toBe(503);
      const check = await api(user, "/api/v1/photos/check", {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ sha256: [sha256(bytes)] }),
      });
      expect(await check.json()).toEqual({ existing: [] });
    }
    expect(link.state.corrupted).toBeGreaterThanOrEqual(2);

    // The same link, undamaged: the upload is stored and recorded.
    expect((await uploadThroughLink(bytes, "whole.jpg", { declared: true })).status).toBe(201);
  });
});
