/**
 * The embedded store checks signatures as S3 and MinIO do (scripts/embedded/local-s3-signatures.ts),
 * so what these tests show of the app's signed URLs holds against a real store.
 */
import { describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { objectKeys, signedGetUrl } from "@/lib/storage";
import { api, createUser, uploadFixture, waitForSettled } from "@/tests/support/api";

async function uploadedOriginal() {
  const user = await createUser();
  const { body } = await uploadFixture(user, "camera/Nikon_D70.jpg");
  await waitForSettled(user, body.photo.id);
  const { userId } = await db.photo.findUniqueOrThrow({ where: { id: body.photo.id } });
  return { user, photoId: body.photo.id, key: objectKeys.original(userId, body.photo.id) };
}

describe("signed URLs", () => {
  it("open the one object they were signed for, and no other", async () => {
    const first = await uploadedOriginal();
    const second = await uploadedOriginal();
    const response = await api(first.user, `/api/v1/photos/${first.photoId}/original`, { headers: { accept: "application/json" } });
    const { url } = (await response.json()) as { url: string };
    expect((await fetch(url)).status).toBe(200);

    const elsewhere = new URL(url);
    elsewhere.pathname = elsewhere.pathname.replace(first.key, second.key);
    expect(elsewhere.pathname).toContain(second.key);
    expect((await fetch(elsewhere)).status).toBe(403);

    const renamed = new URL(url);
    renamed.searchParams.set("response-content-type", "text/html");
    expect((await fetch(renamed)).status).toBe(403);

    const unsigned = new URL(url);
    unsigned.search = "";
    expect((await fetch(unsigned)).status).toBe(403);
  });

  it("stop working once expired", async () => {
    const { key } = await uploadedOriginal();
    const fresh = await signedGetUrl(key, { expiresInSeconds: 60 });
    expect((await fetch(fresh)).status).toBe(200);
    const expired = await signedGetUrl(key, { expiresInSeconds: 60, signedAt: new Date(Date.now() - 61_000) });
    const response = await fetch(expired);
    expect(response.status).toBe(403);
    expect(await response.text()).toContain("Request has expired");
  });
});
