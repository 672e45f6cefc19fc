import { createHash, randomUUID } from "node:crypto";
import { readFile } from "node:fs/promises";
import { describe, expect, it, vi } from "vitest";
import { db } from "@/lib/db";
import { cleanOrphans } from "@/lib/photos/clean-orphans";
import { recordPhoto } from "@/lib/photos/record-photo";
import { deleteObjects, objectKeys, putObject } from "@/lib/storage";
import { api, createUser, fixturePath, upload, uploadFixture, waitForSettled, type TestUser } from "@/tests/support/api";

/** Faults injected into this process's copy of the photos table's owner: the real insert, then an error. */
const faults = vi.hoisted(() => ({ loseInsertAnswer: false }));
vi.mock("@/lib/photos/photo-repository", async (importOriginal) => {
  const repository = await importOriginal<typeof import("@/lib/photos/photo-repository")>();
  return {
    ...repository,
    insertPhoto: async (photo: Parameters<typeof repository.insertPhoto>[0]) => {
      const row = await repository.insertPhoto(photo);
      if (faults.loseInsertAnswer) throw new Error("Connection terminated unexpectedly");
      return row;
    },
  };
});

const sha256 = (bytes: Buffer) => createHash("sha256").update(bytes).digest("hex");
const userIdOf = async (user: TestUser) => (await db.user.findUniqueOrThrow({ where: { email: user.email } })).id;

/** The original's bytes as the store serves them through the photo's signed URL. */
async function originalBytes(user: TestUser, photoId: string): Promise<Buffer> {
  const { url } = (await (await api(user, `/api/v1/photos/${photoId}/original`, { headers: { accept: "application/json" } })).json()) as { url: string };
  const response = await fetch(url);
  expect(response.status, "the original is in the store").toBe(200);
  return Buffer.from(await response.arrayBuffer());
}

describe("nothing accepted is lost", () => {
  it("keeps the original when the insert commits but its answer is lost, and the retry finds the photo whole", async () => {
    const user = await createUser();
    const userId = await userIdOf(user);
    const bytes = await readFile(fixturePath("camera/Canon_40D.jpg"));
    const photoId = randomUUID();
    await putObject(objectKeys.original(userId, photoId), bytes, "image/jpeg");

    faults.loseInsertAnswer = true;
    try {
      const recorded = await recordPhoto(userId, photoId, { filename: "Canon_40D.jpg", contentType: "image/jpeg", size: bytes.length, sha256: sha256(bytes) }, {});
      expect(recorded).toMatchObject({ duplicate: false, photo: { id: photoId } });
    } finally {
      faults.loseInsertAnswer = false;
    }

    // The phone's retry: the same bytes are the photo it already has, and that photo is intact.
    const retry = await upload(user, bytes, { filename: "Canon_40D.jpg" });
    expect(retry.status).toBe(200);
    expect(await retry.json()).toMatchObject({ duplicate: true, photo: { id: photoId } });
    expect((await waitForSettled(user, photoId)).status).toBe("ready");
    expect(sha256(await originalBytes(user, photoId))).toBe(sha256(bytes));
  });

  it("repairs a failed photo with a new upload of its bytes: same id, original replaced, thumbnails made again", async () => {
    const user = await createUser();
    const userId = await userIdOf(user);
    const bytes = await readFile(fixturePath("camera/Nikon_D70.jpg"));
    const { body } = await uploadFixture(user, "camera/Nikon_D70.jpg");
    expect((await waitForSettled(user, body.photo.id)).status).toBe("ready");

    // The original vanishes from the store; the nightly cleanup finds the photo without it.
    await deleteObjects([objectKeys.original(userId, body.photo.id)]);
    await cleanOrphans({ userId, now: new Date(Date.now() + 25 * 3600_000) });
    expect((await waitForSettled(user, body.photo.id)).status).toBe("failed");

    // A failed photo is not "backed up": /check says the library lacks it, so clients send it again.
    const check = await api(user, "/api/v1/photos/check", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ sha256: [sha256(bytes)] }),
    });
    expect(await check.json()).toEqual({ existing: [] });

    const again = await upload(user, bytes, { filename: "Nikon_D70.jpg" });
    expect(again.status).toBe(200);
    expect(await again.json()).toMatchObject({ duplicate: true, photo: { id: body.photo.id, status: "processing", error: null } });
    expect((await waitForSettled(user, body.photo.id)).status).toBe("ready");
    expect(sha256(await originalBytes(user, body.photo.id))).toBe(sha256(bytes));
    const list = (await (await api(user, "/api/v1/photos")).json()) as { photos: { id: string }[] };
    expect(list.photos.map((photo) => photo.id)).toEqual([body.photo.id]);
  });
});
