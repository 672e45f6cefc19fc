import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { cleanOrphans } from "@/lib/photos/clean-orphans";
import { deleteObjects, listObjects, objectKeys, putObject } from "@/lib/storage";
import { api, createUser, uploadFixture, waitForSettled } from "@/tests/support/api";

const DAY_AND_AN_HOUR = 25 * 60 * 60_000;

async function keysOf(userId: string): Promise<string[]> {
  const keys: string[] = [];
  for (const prefix of [`originals/${userId}/`, `thumbnails/${userId}/`]) {
    for await (const object of listObjects(prefix)) keys.push(object.key);
  }
  return keys.sort();
}

describe("nightly orphan cleanup", () => {
  it("deletes exactly the objects without a row, a day old, and fails photos whose original is gone", async () => {
    const user = await createUser();
    const { id: userId } = await db.user.findUniqueOrThrow({ where: { email: user.email } });
    const photos = await Promise.all(
      ["camera/Canon_40D.jpg", "camera/Nikon_D70.jpg", "camera/Sony_HDR-HC3.jpg"].map(async (name) => {
        const { body } = await uploadFixture(user, name);
        return waitForSettled(user, body.photo.id);
      }),
    );
    const kept = await keysOf(userId);
    expect(kept).toHaveLength(3 * 4);

    // Orphans: an original and thumbnails whose row is gone (a crash, a failed delete).
    const orphanId = randomUUID();
    const orphans = [objectKeys.original(userId, orphanId), objectKeys.thumbnail(userId, orphanId, "small", 1)];
    for (const key of orphans) await putObject(key, Buffer.from("orphan"), "application/octet-stream");
    // A photo whose original vanished from the store.
    const [, lost] = photos;
    await deleteObjects([objectKeys.original(userId, lost!.id)]);

    // Today everything is younger than a day: nothing is touched.
    expect(await cleanOrphans({ userId })).toEqual({ deletedObjects: 0, missingOriginals: 0 });
    expect((await keysOf(userId)).length).toBe(kept.length - 1 + orphans.length);

    // A day later: the orphans go, the lost photo is marked failed, everything else stays.
    const later = new Date(Date.now() + DAY_AND_AN_HOUR);
    expect(await cleanOrphans({ now: later, userId })).toEqual({ deletedObjects: 2, missingOriginals: 1 });
    expect(await keysOf(userId)).toEqual(kept.filter((key) => key !== objectKeys.original(userId, lost!.id)));
    const { photo } = (await (await api(user, `/api/v1/photos/${lost!.id}`)).json()) as { photo: { status: string; error: string } };
    expect(photo).toMatchObject({ status: "failed", error: "The original is missing from the store." });

    // Run again: nothing left to do.
    expect(await cleanOrphans({ now: later, userId })).toEqual({ deletedObjects: 0, missingOriginals: 0 });
  });
});
