import { describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { regenerateOutdatedThumbnails } from "@/lib/photos/regenerate-thumbnails";
import { THUMBNAIL_VERSION } from "@/lib/photos/render-thumbnails";
import { copyObject, deleteObjects, listObjects, objectKeys } from "@/lib/storage";
import { createUser, uploadFixture, waitForSettled } from "@/tests/support/api";

const keysUnder = async (prefix: string) => {
  const keys: string[] = [];
  for await (const { key } of listObjects(prefix)) keys.push(key);
  return keys.sort();
};

describe("thumbnails made with older sizes", () => {
  it("are made again for every such photo, which stays ready throughout, and the old ones are deleted", async () => {
    const user = await createUser();
    const outdated = (await uploadFixture(user, "camera/Canon_40D.jpg")).body.photo.id;
    const current = (await uploadFixture(user, "camera/Pentax_K10D.jpg")).body.photo.id;
    for (const id of [outdated, current]) expect((await waitForSettled(user, id)).status).toBe("ready");

    // As if `outdated` had been made by version 0, whose keys were laid out differently.
    const row = await db.photo.findUniqueOrThrow({ where: { id: outdated } });
    const currentKeys = row.thumbnailKeys as Record<string, string>;
    const legacyKeys = Object.fromEntries(Object.keys(currentKeys).map((size) => [size, `thumbnails/${row.userId}/${row.id}/${size}.webp`]));
    for (const size of Object.keys(currentKeys)) await copyObject(currentKeys[size]!, legacyKeys[size]!, "image/webp");
    await db.photo.update({ where: { id: outdated }, data: { thumbnailVersion: 0, thumbnailKeys: legacyKeys } });
    await deleteObjects(Object.values(currentKeys));
    const before = await db.photo.findUniqueOrThrow({ where: { id: current } });

    expect(await regenerateOutdatedThumbnails()).toBe(1);

    const statuses = new Set<string>();
    await expect
      .poll(
        async () => {
          const photo = await db.photo.findUniqueOrThrow({ where: { id: outdated } });
          statuses.add(photo.status);
          return photo.thumbnailVersion;
        },
        { timeout: 30_000, interval: 100 },
      )
      .toBe(THUMBNAIL_VERSION);
    expect([...statuses]).toEqual(["ready"]);

    const remade = await db.photo.findUniqueOrThrow({ where: { id: outdated } });
    expect(remade.thumbnailKeys).toEqual(
      Object.fromEntries(Object.keys(currentKeys).map((size) => [size, objectKeys.thumbnail(row.userId, row.id, size as "small", THUMBNAIL_VERSION)])),
    );
    await expect.poll(() => keysUnder(objectKeys.thumbnailPrefix(row.userId, row.id))).toEqual(Object.values(remade.thumbnailKeys as object).sort());
    // The photo made with the current sizes was left alone.
    expect(await db.photo.findUniqueOrThrow({ where: { id: current } })).toEqual(before);
  });
});
