import { describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { DAMAGED_ORIGINAL, scrubOriginals } from "@/lib/photos/scrub-originals";
import { listObjects, objectKeys, putObject } from "@/lib/storage";
import { api, createUser, uploadFixture, waitForSettled, type TestUser } from "@/tests/support/api";

const userIdOf = async (user: TestUser) => (await db.user.findUniqueOrThrow({ where: { email: user.email } })).id;

describe("the nightly scrub", () => {
  it("reads back the originals verified longest ago, marks a damaged one failed with the reason, and deletes nothing", async () => {
    const user = await createUser();
    const userId = await userIdOf(user);
    const photos = [];
    for (const name of ["camera/Canon_40D.jpg", "camera/Nikon_D70.jpg"]) {
      const { body } = await uploadFixture(user, name);
      photos.push(await waitForSettled(user, body.photo.id));
    }
    const [whole, damaged] = photos as [(typeof photos)[0], (typeof photos)[0]];
    // Bit rot in the store: the object's bytes change under its key, its row does not.
    await putObject(objectKeys.original(userId, damaged.id), Buffer.from("not the bytes that were uploaded"), "image/jpeg");
    // Both read as the longest unverified in this run's database.
    await db.photo.updateMany({ where: { id: { in: [whole.id, damaged.id] } }, data: { verifiedAt: new Date(0) } });

    const counts = await scrubOriginals({ limit: 1_000_000 });
    expect(counts).toMatchObject({ damaged: 1, missing: 0, unreadable: 0 });
    expect(counts.verified).toBeGreaterThanOrEqual(1);
    const found = (await (await api(user, `/api/v1/photos/${damaged.id}`)).json()) as { photo: { status: string; error: string } };
    expect(found.photo).toMatchObject({ status: "failed", error: DAMAGED_ORIGINAL });
    expect((await db.photo.findUniqueOrThrow({ where: { id: whole.id } })).verifiedAt.getTime()).toBeGreaterThan(0);
    const kept: string[] = [];
    for await (const { key } of listObjects(`originals/${userId}/`)) kept.push(key);
    expect(kept.sort()).toEqual([objectKeys.original(userId, whole.id), objectKeys.original(userId, damaged.id)].sort());

    const metrics = await (await fetch(`${process.env.BASE_URL}/api/metrics`, { headers: { authorization: `Bearer ${process.env.METRICS_TOKEN}` } })).text();
    expect(metrics).toMatch(/photo_backup_scrub_originals_total\{result="damaged"\} [1-9]/);
  });

});
