import { describe, expect, it } from "vitest";
import type { Photo } from "@/lib/contract/photos";
import { RECENT_PHOTOS_TTL_SECONDS } from "@/lib/photos/recent-photos-cache";
import { redis, redisKey } from "@/lib/redis";
import { api, createUser, expectError, uploadFixture, waitForSettled } from "@/tests/support/api";

type Page = { photos: Photo[]; nextCursor: string | null };

async function firstPage(user: { token: string }, query = "") {
  const response = await api(user, `/api/v1/photos${query}`);
  expect(response.status).toBe(200);
  return { cache: response.headers.get("x-cache"), page: (await response.json()) as Page };
}

async function userId(email: string) {
  const { db } = await import("@/lib/db");
  return (await db.user.findUniqueOrThrow({ where: { email } })).id;
}

describe("the recent-photos cache", () => {
  it("serves the first page from Redis with a 300 s TTL, and drops it on upload, ready and delete", async () => {
    const user = await createUser();
    expect((await firstPage(user)).cache).toBe("miss");
    expect((await firstPage(user)).cache).toBe("hit");
    const ttl = await redis().ttl(redisKey("recent", await userId(user.email), "views"));
    expect(ttl).toBeGreaterThan(RECENT_PHOTOS_TTL_SECONDS - 10);
    expect(ttl).toBeLessThanOrEqual(RECENT_PHOTOS_TTL_SECONDS);

    const { body } = await uploadFixture(user, "camera/Canon_40D.jpg");
    const afterUpload = await firstPage(user);
    expect(afterUpload.cache).toBe("miss");
    expect(afterUpload.page.photos.map((photo) => photo.id)).toEqual([body.photo.id]);

    await waitForSettled(user, body.photo.id);
    const afterReady = await firstPage(user);
    expect(afterReady.page.photos[0]!.status).toBe("ready");
    expect(afterReady.page.photos[0]!.thumbnails?.small).toMatch(/^http/);
    expect((await firstPage(user)).cache).toBe("hit");

    expect((await api(user, `/api/v1/photos/${body.photo.id}`, { method: "DELETE" })).status).toBe(204);
    const afterDelete = await firstPage(user);
    expect(afterDelete.cache).toBe("miss");
    expect(afterDelete.page.photos).toEqual([]);
  });

  it("drops it when failed photos are put back to processing (the admin's reprocess)", async () => {
    const user = await createUser();
    const { body } = await uploadFixture(user, "broken/corrupted.jpg");
    expect((await waitForSettled(user, body.photo.id)).status).toBe("failed");
    await firstPage(user);
    expect((await firstPage(user)).cache).toBe("hit");

    const { retryFailedPhotos } = await import("@/lib/photos/photo-repository");
    expect(await retryFailedPhotos(await userId(user.email))).toBe(1);
    const { cache, page } = await firstPage(user);
    expect(cache).toBe("miss");
    expect(page.photos[0]).toMatchObject({ id: body.photo.id, status: "processing" });
  });

  it("signs thumbnail URLs when serving, so a cached page never hands out expired ones", async () => {
    const user = await createUser();
    const { body } = await uploadFixture(user, "camera/Nikon_D70.jpg");
    await waitForSettled(user, body.photo.id);
    await firstPage(user);
    const cached = await firstPage(user);
    expect(cached.cache).toBe("hit");
    const url = new URL(cached.page.photos[0]!.thumbnails!.small);
    const signedAt = url.searchParams.get("X-Amz-Date")!;
    const expiresIn = Number(url.searchParams.get("X-Amz-Expires"));
    const signedAtMs = Date.parse(signedAt.replace(/^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/, "$1-$2-$3T$4:$5:$6Z"));
    expect(signedAtMs + expiresIn * 1000 - Date.now()).toBeGreaterThanOrEqual(600_000 - 5_000);
    expect((await fetch(url)).status).toBe(200);
  });
});

describe("paging and month buckets", () => {
  it("pages through photos with equal takenAt without skipping or repeating", async () => {
    const user = await createUser();
    const sameMoment = String(Date.UTC(2023, 6, 1, 12));
    const ids: string[] = [];
    // The orientation fixtures carry no EXIF date, so all nine share this lastModified.
    for (let orientation = 0; orientation <= 8; orientation++) {
      const { body } = await uploadFixture(user, `orientation/Landscape_${orientation}.jpg`, { lastModified: sameMoment });
      ids.push(body.photo.id);
    }
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const { page }: { page: Page } = await firstPage(user, `?limit=2${cursor ? `&cursor=${cursor}` : ""}`);
      seen.push(...page.photos.map((photo) => photo.id));
      cursor = page.nextCursor;
    } while (cursor);
    expect(seen).toEqual([...ids].sort().reverse());
  });

  it("counts photos per month, newest first, and starts a page at a month", async () => {
    const user = await createUser();
    const uploads: [string, number][] = [
      ["orientation/Landscape_1.jpg", Date.UTC(2024, 4, 3)],
      ["orientation/Landscape_2.jpg", Date.UTC(2024, 4, 31, 23, 59)],
      ["orientation/Landscape_3.jpg", Date.UTC(2024, 5, 1)],
      ["orientation/Landscape_4.jpg", Date.UTC(2022, 0, 15)],
    ];
    for (const [name, lastModified] of uploads) await uploadFixture(user, name, { lastModified: String(lastModified) });

    const response = await api(user, "/api/v1/photos/buckets");
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({
      buckets: [
        { month: "2024-06", count: 1 },
        { month: "2024-05", count: 2 },
        { month: "2022-01", count: 1 },
      ],
    });
    expect((await api(user, "/api/v1/photos/buckets")).headers.get("x-cache")).toBe("hit");

    const { page } = await firstPage(user, `?before=${encodeURIComponent("2024-06-01T00:00:00Z")}&limit=10`);
    expect(page.photos.map((photo) => photo.takenAt)).toEqual(["2024-05-31T23:59:00.000Z", "2024-05-03T00:00:00.000Z", "2022-01-15T00:00:00.000Z"]);

    await expectError(await api(user, "/api/v1/photos?before=yesterday"), 400);
    await expectError(await api(user, `/api/v1/photos?before=2024-01-01T00:00:00Z&cursor=${page.nextCursor ?? "x"}`), 400);
  });
});
