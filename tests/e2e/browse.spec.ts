import { randomUUID } from "node:crypto";
import { readFile } from "node:fs/promises";
import path from "node:path";
import { centre, photoParam, touch } from "./gestures";
import { expect, test, type Page } from "./test";

const FIXTURES = [
  "camera/Canon_40D.jpg",
  "camera/Nikon_D70.jpg",
  "camera/Pentax_K10D.jpg",
  "camera/Panasonic_DMC-FZ30.jpg",
  "camera/Sony_HDR-HC3.jpg",
  "orientation/Landscape_6.jpg",
  "heic/IMG_5195.HEIC",
  "phone/jolla.jpg",
].map((name) => path.resolve("tests/fixtures/photos", name));

/** The store the app signs URLs for (the run's local S3); thumbnails and originals come from there. */
const storeOrigin = process.env.S3_ENDPOINT ? new URL(process.env.S3_ENDPOINT).origin : null;

/**
 * Scrolls through the whole (virtualized) grid and reports every tile met and the sources of the
 * tile thumbnails that had really loaded.
 */
function scanGrid(page: Page): Promise<{ ids: string[]; loaded: string[] }> {
  return page.evaluate(async () => {
    const ids = new Set<string>();
    const loaded = new Map<string, string>();
    const collect = () => {
      for (const tile of document.querySelectorAll<HTMLElement>("[data-testid='photo-tile']")) {
        const id = tile.dataset.photoId!;
        ids.add(id);
        const image = tile.querySelector("img");
        if (image?.complete && image.naturalWidth > 0) loaded.set(id, image.currentSrc || image.src);
      }
    };
    for (let y = 0; ; y += window.innerHeight / 2) {
      window.scrollTo({ top: y, behavior: "instant" });
      await new Promise((resolve) => setTimeout(resolve, 150));
      collect();
      if (y + window.innerHeight >= document.documentElement.scrollHeight) break;
    }
    window.scrollTo({ top: 0, behavior: "instant" });
    await new Promise((resolve) => setTimeout(resolve, 100));
    return { ids: [...ids], loaded: [...loaded.values()] };
  });
}

/** Whether a loaded thumbnail is fully on screen (virtualized rows keep a few off screen too). */
const thumbnailInView = (page: Page) =>
  page.evaluate(() => {
    const top = document.querySelector("[data-app-header]")!.getBoundingClientRect().bottom;
    return Array.from(document.querySelectorAll<HTMLImageElement>("[data-testid='photo-grid'] img")).some((image) => {
      const rect = image.getBoundingClientRect();
      return image.complete && image.naturalWidth > 0 && rect.top >= top && rect.bottom <= window.innerHeight;
    });
  });

test("a user uploads photos from the page, browses them, views one full size and deletes", async ({ page, baseURL }, testInfo) => {
  test.setTimeout(150_000);
  const phone = testInfo.project.name === "phone";
  const appOrigin = new URL(baseURL!).origin;

  const signup = await page.request.post("/api/v1/auth/signup", {
    data: { email: `browse-${randomUUID()}@example.com`, password: "a good long password" },
  });
  expect(signup.status()).toBe(201);

  // First run: an empty library that says how to get photos in.
  await page.goto("/");
  const empty = page.getByTestId("empty-library");
  await expect(empty).toBeVisible();
  await expect(empty.getByRole("button", { name: "Upload" })).toBeVisible();
  await page.screenshot({ path: testInfo.outputPath("empty.png") });

  // Upload through the page's file input: one row per file, each reaching "Backed up".
  await page.getByTestId("upload-input").setInputFiles(FIXTURES);
  const panel = page.getByTestId("upload-panel");
  await expect(panel.getByTestId("upload-item")).toHaveCount(FIXTURES.length);
  await page.screenshot({ path: testInfo.outputPath("upload-progress.png") });
  await expect(panel.locator("[data-testid='upload-item'][data-status='done']")).toHaveCount(FIXTURES.length, {
    timeout: 30_000,
  });
  await expect(panel.getByTestId("upload-summary")).toHaveText(`${FIXTURES.length} photos backed up`);
  await expect(panel.getByTestId("upload-status").first()).toHaveText("Backed up");

  // The grid fills by itself: tiles turn from "Preparing…" into real thumbnails from the store.
  const tiles = page.getByTestId("photo-tile");
  await expect(page.getByTestId("photo-count")).toHaveText(`${FIXTURES.length} photos`, { timeout: 30_000 });
  await expect
    .poll(async () => (await scanGrid(page)).loaded.length, { timeout: 60_000, intervals: [1000] })
    .toBe(FIXTURES.length);
  await page.screenshot({ path: testInfo.outputPath("upload-panel.png") });
  for (const src of (await scanGrid(page)).loaded) {
    expect(new URL(src).origin).not.toBe(appOrigin);
    if (storeOrigin) expect(new URL(src).origin).toBe(storeOrigin);
  }
  await expect(page.locator("[data-testid='photo-grid'] h2").first()).toBeVisible();
  await panel.getByRole("button", { name: "Close uploads" }).click();
  await expect(panel).toBeHidden();
  await page.screenshot({ path: testInfo.outputPath("grid.png") });
  await page.emulateMedia({ colorScheme: "dark" });
  await page.waitForTimeout(300); // colour transitions
  await page.screenshot({ path: testInfo.outputPath("grid-dark.png") });
  await page.emulateMedia({ colorScheme: "light" });

  // Same bytes again: skipped as a duplicate, nothing new in the grid.
  await page.getByTestId("upload-input").setInputFiles(FIXTURES[0]!);
  await expect(panel.locator("[data-testid='upload-item'][data-status='duplicate']")).toHaveCount(1);
  await expect(panel.getByTestId("upload-status")).toHaveText("Skipped, already backed up");
  await panel.getByRole("button", { name: "Close uploads" }).click();
  expect((await scanGrid(page)).ids).toHaveLength(FIXTURES.length);

  // The viewer: the address names the photo; medium then large thumbnails.
  const firstTile = tiles.first();
  const firstId = (await firstTile.getAttribute("data-photo-id"))!;
  await firstTile.getByRole("link").click();
  await expect.poll(() => photoParam(page)).toBe(firstId);
  const viewer = page.getByTestId("photo-viewer");
  await expect(viewer).toBeVisible();
  const image = viewer.getByTestId("viewer-image");
  await expect(image).toHaveAttribute("data-kind", "large", { timeout: 15_000 });
  await expect.poll(() => image.evaluate((element: HTMLImageElement) => element.naturalWidth)).toBeGreaterThan(0);
  await expect(viewer.getByTestId("viewer-info")).toContainText(/\d+(\.\d)? (KB|MB)/);
  await expect(viewer.getByTestId("viewer-info")).toContainText(/\d+ × \d+/);
  await page.screenshot({ path: testInfo.outputPath("viewer.png") });

  // "View original": a signed URL straight from the store, never through the app.
  const originalRequest = page.waitForRequest((request) => request.url().includes("/originals/"));
  await viewer.getByRole("button", { name: "View original" }).click();
  const original = new URL((await originalRequest).url());
  expect(original.origin).not.toBe(appOrigin);
  if (storeOrigin) expect(original.origin).toBe(storeOrigin);
  // Shown where the browser can decode it (not HEIC in Chromium: then the large thumbnail stays, with a note).
  await expect(image.and(page.locator("[data-kind='original']")).or(viewer.getByTestId("viewer-message"))).toBeVisible();

  // "Download": the original from the store, as an attachment under its own name.
  const filename = await viewer.getByTestId("viewer-filename").textContent();
  const download = page.waitForEvent("download");
  await viewer.getByRole("button", { name: "Download" }).click();
  expect((await download).suggestedFilename()).toBe(filename);
  expect(new URL((await download).url()).origin).not.toBe(appOrigin);

  // Next photo: a swipe on the phone, the arrow key on the desktop.
  if (phone) {
    const stage = await centre(viewer.getByTestId("viewer-stage"));
    await touch(page, [stage, { x: stage.x - 60, y: stage.y }, { x: stage.x - 160, y: stage.y + 5 }]);
  } else {
    await page.keyboard.press("ArrowRight");
  }
  await expect.poll(() => photoParam(page)).not.toBe(firstId);
  const secondId = photoParam(page)!;
  expect(secondId).toBeTruthy();
  await expect(image).toHaveAttribute("data-kind", /medium|large/);

  // Delete it, after a confirmation.
  await viewer.getByRole("button", { name: "Delete" }).click();
  const confirm = viewer.getByTestId("confirm-dialog");
  await expect(confirm).toBeVisible();
  await page.screenshot({ path: testInfo.outputPath("viewer-delete.png") });
  await confirm.getByRole("button", { name: "Delete" }).click();
  await expect.poll(() => photoParam(page)).not.toBe(secondId);
  await expect(page.locator(`[data-photo-id="${secondId}"]`)).toHaveCount(0);

  // Escape closes the viewer; focus goes back to the tile of the photo shown last.
  const shownId = photoParam(page)!;
  await page.keyboard.press("Escape");
  await expect(viewer).toBeHidden();
  await expect.poll(() => photoParam(page)).toBeNull();
  await expect(page.locator(`[data-photo-id="${shownId}"] a`)).toBeFocused();

  // Reload: the photo is gone for good.
  await page.reload();
  await expect(page.getByTestId("photo-count")).toHaveText(`${FIXTURES.length - 1} photos`);
  let ids = (await scanGrid(page)).ids;
  expect(ids).toHaveLength(FIXTURES.length - 1);
  expect(ids).not.toContain(secondId);

  // Reloading with the viewer open shows the same photo; Back after opening another closes it.
  await page.goto(`/?photo=${firstId}`);
  await expect(viewer).toBeVisible();
  await expect(viewer.getByTestId("viewer-filename")).not.toBeEmpty();
  await page.keyboard.press("Escape");
  await expect(viewer).toBeHidden();
  await tiles.nth(1).getByRole("link").click();
  await expect(viewer).toBeVisible();
  await page.goBack();
  await expect(viewer).toBeHidden();
  expect(photoParam(page)).toBeNull();

  // Select two (a long press on the phone, the corner checkbox on the desktop) and delete them.
  const [a, b] = [tiles.nth(0), tiles.nth(1)];
  const doomed = [await a.getAttribute("data-photo-id"), await b.getAttribute("data-photo-id")];
  if (phone) {
    await touch(page, [await centre(a)], { holdMs: 700 });
  } else {
    await a.hover();
    await a.getByRole("checkbox").click();
  }
  const bar = page.getByTestId("selection-bar");
  await expect(bar.getByTestId("selection-count")).toHaveText("1 selected");
  await b.getByRole("link").click();
  await expect(bar.getByTestId("selection-count")).toHaveText("2 selected");
  await expect(viewer).toBeHidden();
  await page.screenshot({ path: testInfo.outputPath("selection.png") });
  await bar.getByRole("button", { name: "Delete" }).click();
  await bar.getByTestId("confirm-dialog").getByRole("button", { name: "Delete" }).click();
  await expect(bar).toBeHidden();
  await expect(page.getByTestId("photo-count")).toHaveText(`${FIXTURES.length - 3} photos`);
  await page.reload();
  await expect(page.getByTestId("photo-count")).toHaveText(`${FIXTURES.length - 3} photos`);
  ids = (await scanGrid(page)).ids;
  expect(ids).toHaveLength(FIXTURES.length - 3);
  for (const id of doomed) expect(ids).not.toContain(id);

  // Files dropped anywhere on the page: an overlay while they hover, then an upload.
  const dropped = (await readFile(path.resolve("tests/fixtures/photos/camera/Olympus_C8080WZ.jpg"))).toString("base64");
  const dataTransfer = await page.evaluateHandle((base64) => {
    const transfer = new DataTransfer();
    const bytes = Uint8Array.from(atob(base64), (char) => char.charCodeAt(0));
    transfer.items.add(new File([bytes], "Olympus_C8080WZ.jpg", { type: "image/jpeg" }));
    return transfer;
  }, dropped);
  await page.dispatchEvent("main", "dragenter", { dataTransfer });
  await expect(page.getByTestId("drop-overlay")).toBeVisible();
  await page.screenshot({ path: testInfo.outputPath("drop.png") });
  await page.dispatchEvent("main", "drop", { dataTransfer });
  await expect(page.getByTestId("drop-overlay")).toBeHidden();
  await expect(panel.locator("[data-testid='upload-item'][data-status='done']")).toHaveCount(1, { timeout: 15_000 });
  await expect(page.getByTestId("photo-count")).toHaveText(`${FIXTURES.length - 2} photos`, { timeout: 15_000 });
});

/**
 * A synthetic library of 100,000 photos over twelve years, served in place of the API (the grid's
 * own requests, same shapes as the real routes), to check the grid at scale: only rows near the
 * viewport exist, months load as they come into view, jumps land on the month asked for, and
 * rows growing above the viewport do not move the photos in view.
 */
function syntheticLibrary(total: number) {
  const newest = Date.UTC(2025, 11, 31, 18);
  const step = (12 * 365.25 * 24 * 3600_000) / total;
  const takenAt = (index: number) => Math.round(newest - index * step);
  const colours = ["#6366f1", "#0ea5e9", "#10b981", "#f59e0b", "#ef4444", "#a855f7"];
  const thumbnail = (month: string) => {
    const colour = colours[Number(month.slice(5, 7)) % colours.length]!;
    return `data:image/svg+xml,${encodeURIComponent(`<svg xmlns="http://www.w3.org/2000/svg" width="256" height="256"><rect width="256" height="256" fill="${colour}"/></svg>`)}`;
  };
  const photo = (index: number) => {
    const iso = new Date(takenAt(index)).toISOString();
    const small = thumbnail(iso.slice(0, 7));
    return {
      id: `00000000-0000-4000-8000-${String(index).padStart(12, "0")}`,
      filename: `IMG_${String(index).padStart(6, "0")}.jpg`,
      contentType: "image/jpeg",
      size: 2_000_000 + index,
      sha256: index.toString(16).padStart(64, "0"),
      takenAt: iso,
      takenAtOffset: null,
      uploadedAt: iso,
      width: 4032,
      height: 3024,
      status: "ready",
      error: null,
      thumbhash: null,
      thumbnails: { small, medium: small, large: small },
    };
  };
  const counts = new Map<string, number>();
  for (let index = 0; index < total; index++) {
    const month = new Date(takenAt(index)).toISOString().slice(0, 7);
    counts.set(month, (counts.get(month) ?? 0) + 1);
  }
  const buckets = [...counts].map(([month, count]) => ({ month, count }));
  /** First index taken strictly before `before`. */
  const startBefore = (before: number) => {
    let index = Math.max(0, Math.floor((newest - before) / step) - 2);
    while (index < total && takenAt(index) >= before) index++;
    return index;
  };
  const page = (query: URLSearchParams) => {
    const limit = Number(query.get("limit") ?? 60);
    const cursor = query.get("cursor");
    const before = query.get("before");
    const start = cursor ? Number(cursor) : before ? startBefore(Date.parse(before)) : 0;
    const end = Math.min(total, start + limit);
    return {
      photos: Array.from({ length: end - start }, (_, offset) => photo(start + offset)),
      nextCursor: end < total ? String(end) : null,
    };
  };
  return { buckets, page };
}

test("a 100,000-photo library stays light: nearby rows only, months on demand, stable jumps", async ({ page }, testInfo) => {
  test.setTimeout(120_000);
  const phone = testInfo.project.name === "phone";
  const library = syntheticLibrary(100_000);
  const pageRequests: string[] = [];
  // The first page of one month is held back until the test lets it go.
  let release = () => {};
  const held = { before: "", released: new Promise<void>((resolve) => (release = resolve)) };
  const signup = await page.request.post("/api/v1/auth/signup", {
    data: { email: `scale-${randomUUID()}@example.com`, password: "a good long password" },
  });
  expect(signup.status()).toBe(201);
  // On the context, not the page: once the service worker controls the page, it makes these requests.
  await page.context().route(
    (url) => url.pathname === "/api/v1/photos/buckets",
    (route) => route.fulfill({ json: { buckets: library.buckets } }),
  );
  await page.context().route(
    (url) => url.pathname === "/api/v1/photos",
    async (route) => {
      if (route.request().method() !== "GET") return route.fallback();
      const query = new URL(route.request().url()).searchParams;
      pageRequests.push(query.toString());
      await new Promise((resolve) => setTimeout(resolve, 100));
      if (query.get("before") === held.before) await held.released;
      await route.fulfill({ json: library.page(query) });
    },
  );

  await page.goto("/");
  await expect(page.getByTestId("photo-count")).toHaveText("100,000 photos");
  const tiles = page.getByTestId("photo-tile");
  await expect(tiles.first()).toBeVisible();
  const height = await page.evaluate(() => document.documentElement.scrollHeight);
  const viewport = page.viewportSize()!;
  // The scroll area covers the whole library up front; the DOM holds a few screens of tiles.
  expect(height).toBeGreaterThan(100_000 / 12 * 100);
  expect(await tiles.count()).toBeLessThan(400);
  expect(pageRequests.length).toBeLessThanOrEqual(4);

  // Fling through a stretch of the library: long tasks are recorded, the DOM stays small.
  await page.evaluate(() => {
    const seen: number[] = [];
    (window as unknown as { longTasks: number[] }).longTasks = seen;
    new PerformanceObserver((list) => list.getEntries().forEach((entry) => seen.push(entry.duration))).observe({
      type: "longtask",
    });
  });
  for (let step = 0; step < 40; step++) {
    await page.mouse.move(viewport.width / 2, viewport.height / 2);
    await page.mouse.wheel(0, viewport.height * 1.5);
    await page.waitForTimeout(30);
  }
  await expect(tiles.first()).toBeVisible({ timeout: 10_000 });
  expect(await tiles.count()).toBeLessThan(400);
  const longTasks = await page.evaluate(() => (window as unknown as { longTasks: number[] }).longTasks);
  testInfo.annotations.push({ type: "long tasks while scrolling (ms)", description: JSON.stringify(longTasks.map(Math.round)) });

  // Jump with the scrubber's keyboard: lands on the month's first day.
  const scrubber = page.getByRole("slider", { name: "Jump to month" });
  await scrubber.focus();
  await page.keyboard.press("Home");
  for (let press = 0; press < 20; press++) await page.keyboard.press("PageDown");
  const monthIndex = 60;
  const target = library.buckets[monthIndex]!;
  // The month above the target (newer): its photos end where the one above it begins.
  held.before = `${library.buckets[monthIndex - 2]!.month}-01T00:00:00.000Z`;
  const monthName = new Intl.DateTimeFormat(undefined, { month: "long", timeZone: "UTC" }).format(
    new Date(`${target.month}-01T00:00:00Z`),
  );
  await expect(scrubber).toHaveAttribute("aria-valuenow", String(monthIndex));
  await expect(page.locator("[data-testid='photo-grid'] h2").filter({ hasText: monthName }).first()).toBeInViewport();
  await expect.poll(() => pageRequests.some((query) => query.includes("before="))).toBe(true);
  // Its photos arrive: day headings and thumbnails in place of the placeholders.
  await expect(page.locator("[data-testid='photo-grid'] h2").filter({ hasText: new RegExp(`day, .*${monthName}|${monthName} \\d`) }).first()).toBeInViewport({ timeout: 15_000 });
  await expect.poll(() => thumbnailInView(page)).toBe(true);
  await page.screenshot({ path: testInfo.outputPath("scale-jump.png") });

  // Scroll up into the month above (not loaded yet): when it loads, rows above the viewport grow,
  // and the photos in view must not move.
  await page.mouse.move(viewport.width / 2, viewport.height / 2);
  const scrolledFrom = await page.evaluate(() => window.scrollY);
  await page.mouse.wheel(0, -Math.round(viewport.height / 3));
  // On a busy machine the wheel's scroll can land later than a fixed wait: wait for the page to move.
  await expect.poll(() => page.evaluate(() => window.scrollY)).toBeLessThan(scrolledFrom - viewport.height / 4);
  await page.waitForTimeout(100);
  const trackedId = await page.evaluate(
    ({ x, y }) => document.elementFromPoint(x, y)?.closest<HTMLElement>("[data-testid='photo-tile']")?.dataset.photoId,
    { x: Math.round(viewport.width / 3), y: Math.round(viewport.height * 0.8) },
  );
  expect(trackedId).toBeTruthy();
  const trackedTile = page.locator(`[data-photo-id="${trackedId}"]`);
  const before = (await trackedTile.boundingBox())!.y;
  expect(pageRequests).toContainEqual(expect.stringContaining(`before=${encodeURIComponent(held.before)}`));
  // Just under the header there are placeholders now, photos once the month has arrived.
  const photoAtTop = () =>
    page.evaluate(({ x }) => {
      const header = document.querySelector("[data-app-header]")!.getBoundingClientRect().bottom;
      return Boolean(document.elementFromPoint(x, header + 20)?.closest("[data-testid='photo-tile']"));
    }, { x: Math.round(viewport.width / 3) });
  expect(await photoAtTop()).toBe(false);
  release();
  await expect.poll(photoAtTop).toBe(true);
  await page.waitForTimeout(300);
  const after = (await trackedTile.boundingBox())!.y;
  expect(Math.abs(after - before)).toBeLessThan(2);
  await page.screenshot({ path: testInfo.outputPath("scale-anchor.png") });

  // Drag the scrubber's thumb (a finger on the phone, the mouse on the desktop) to the middle.
  const track = (await scrubber.boundingBox())!;
  const middle = { x: track.x + track.width - 8, y: track.y + track.height / 2 };
  const handle = await centre(page.locator("[data-scrubber-handle]"));
  if (phone) {
    await touch(page, [handle, { x: handle.x, y: (handle.y + middle.y) / 2 }, { x: handle.x, y: middle.y }]);
  } else {
    await page.mouse.move(handle.x, handle.y);
    await page.mouse.down();
    await page.mouse.move(middle.x, middle.y, { steps: 5 });
    await page.mouse.up();
  }
  const reached = Number(await scrubber.getAttribute("aria-valuenow"));
  expect(reached).toBeGreaterThan(library.buckets.length * 0.4);
  expect(reached).toBeLessThan(library.buckets.length * 0.6);
  await expect.poll(() => thumbnailInView(page), { timeout: 10_000 }).toBe(true);
  await page.screenshot({ path: testInfo.outputPath("scale-scrub.png") });

  // The end of the library: End on the scrubber, the oldest month's photos.
  await scrubber.focus();
  await page.keyboard.press("End");
  await expect(scrubber).toHaveAttribute("aria-valuenow", String(library.buckets.length - 1));
  await expect.poll(() => thumbnailInView(page), { timeout: 10_000 }).toBe(true);
  const oldestYear = library.buckets.at(-1)!.month.slice(0, 4);
  await expect(page.locator("[data-testid='photo-grid'] h2").filter({ hasText: oldestYear }).last()).toBeInViewport();
  await page.screenshot({ path: testInfo.outputPath("scale-end.png") });
});
