import { afterEach, describe, expect, it, vi } from "vitest";

/** lib/storage as configured by these variables (it reads the environment once, when loaded). */
async function storageWith(variables: Record<string, string>) {
  for (const [name, value] of Object.entries(variables)) vi.stubEnv(name, value);
  vi.resetModules();
  return import("@/lib/storage");
}

afterEach(() => {
  vi.unstubAllEnvs();
});

const signedAt = new Date("2026-11-25T10:00:00Z");
const key = "thumbnails/3f0c/9d2e/v1/small.webp";

describe("signed URLs", () => {
  it("name the bucket in the path (MinIO, s3rver) at the public endpoint, not the internal one", async () => {
    const { signedGetUrl } = await storageWith({
      S3_ENDPOINT: "http://minio:9000",
      S3_PUBLIC_ENDPOINT: "https://s3.photos.example.com",
      S3_FORCE_PATH_STYLE: "true",
      S3_BUCKET: "photos",
    });
    const url = new URL(await signedGetUrl(key, { expiresInSeconds: 600, signedAt }));
    expect(url.origin).toBe("https://s3.photos.example.com");
    expect(url.pathname).toBe(`/photos/${key}`);
    expect(url.searchParams.get("X-Amz-Expires")).toBe("600");
    expect(url.searchParams.get("X-Amz-Date")).toBe("20261125T100000Z");
    expect(url.searchParams.get("X-Amz-SignedHeaders")).toBe("host");
    expect(url.searchParams.get("X-Amz-Signature")).toMatch(/^[0-9a-f]{64}$/);
  });

  it("name the bucket in the host (AWS S3, virtual-hosted) when path style is off", async () => {
    const { signedGetUrl } = await storageWith({
      S3_ENDPOINT: "https://s3.eu-west-1.amazonaws.com",
      S3_REGION: "eu-west-1",
      S3_FORCE_PATH_STYLE: "false",
      S3_BUCKET: "my-photos",
    });
    const url = new URL(await signedGetUrl(key, { expiresInSeconds: 60, signedAt, contentDisposition: 'attachment; filename="a b.jpg"' }));
    expect(url.origin).toBe("https://my-photos.s3.eu-west-1.amazonaws.com");
    expect(url.pathname).toBe(`/${key}`);
    expect(url.searchParams.get("X-Amz-Credential")).toMatch(/\/20261125\/eu-west-1\/s3\/aws4_request$/);
    expect(url.searchParams.get("response-content-disposition")).toBe('attachment; filename="a b.jpg"');
  });

  it("are the same for the same key within a window, and differ between keys", async () => {
    const { signedGetUrl } = await storageWith({ S3_ENDPOINT: "http://127.0.0.1:4568" });
    const first = await signedGetUrl(key, { expiresInSeconds: 600, signedAt });
    expect(await signedGetUrl(key, { expiresInSeconds: 600, signedAt })).toBe(first);
    expect(await signedGetUrl(key.replace("small", "large"), { expiresInSeconds: 600, signedAt })).not.toBe(first);
  });
});
