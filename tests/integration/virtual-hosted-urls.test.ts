import { createHash } from "node:crypto";
import { get } from "node:http";
import { afterEach, describe, expect, it, vi } from "vitest";
import { createUser, uploadFixture } from "@/tests/support/api";

afterEach(() => {
  vi.unstubAllEnvs();
});

/** GET through this run's store, sending the URL's own Host (a virtual-hosted bucket name) as a DNS name would. */
function getThroughStore(url: URL): Promise<{ status: number; body: Buffer }> {
  return new Promise((resolve, reject) => {
    get({ host: "127.0.0.1", port: url.port, path: `${url.pathname}${url.search}`, headers: { host: url.host } }, (response) => {
      const chunks: Buffer[] = [];
      response.on("data", (chunk: Buffer) => chunks.push(chunk));
      response.on("end", () => resolve({ status: response.statusCode!, body: Buffer.concat(chunks) }));
    }).on("error", reject);
  });
}

describe("virtual-hosted buckets (S3_FORCE_PATH_STYLE=false, as on AWS S3)", () => {
  it("sign URLs the store accepts with the bucket in the host name", async () => {
    const user = await createUser();
    const { body } = await uploadFixture(user, "camera/Canon_40D.jpg");
    const { db } = await import("@/lib/db");
    const { userId, sha256 } = await db.photo.findUniqueOrThrow({ where: { id: body.photo.id } });

    // s3rver, like S3, reads the bucket from a `<bucket>.s3.<region>.amazonaws.com` host.
    vi.stubEnv("S3_FORCE_PATH_STYLE", "false");
    vi.stubEnv("S3_PUBLIC_ENDPOINT", `http://s3.us-east-1.amazonaws.com:${process.env.EMBEDDED_S3_PORT}`);
    vi.resetModules();
    const { objectKeys, signedGetUrl } = await import("@/lib/storage");
    const url = new URL(await signedGetUrl(objectKeys.original(userId, body.photo.id), { expiresInSeconds: 60 }));
    expect(url.hostname).toBe(`${process.env.S3_BUCKET ?? "photos"}.s3.us-east-1.amazonaws.com`);
    expect(url.pathname).toBe(`/${objectKeys.original(userId, body.photo.id)}`);

    const original = await getThroughStore(url);
    expect(original.status).toBe(200);
    expect(createHash("sha256").update(original.body).digest("hex")).toBe(sha256);

    url.searchParams.set("X-Amz-Signature", "0".repeat(64));
    expect((await getThroughStore(url)).status).toBe(403);
  });
});
