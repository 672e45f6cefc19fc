import { createHash, randomUUID } from "node:crypto";
import { readdir, readFile } from "node:fs/promises";
import path from "node:path";
import { expect, test, type BrowserContext, type Page, type TestInfo } from "./test";
import sharp from "sharp";

const FIXTURES_DIR = path.resolve("tests/fixtures/photos");

/**
 * `count` distinct real photos: the fixtures that decode, then re-encoded variants of them (a
 * different size) until there are enough, written to the test's output folder.
 */
async function photoFiles(count: number, testInfo: TestInfo): Promise<string[]> {
  const folders = ["camera", "orientation", "phone", "heic"];
  const originals = (
    await Promise.all(
      folders.map(async (folder) =>
        (await readdir(path.join(FIXTURES_DIR, folder))).sort().map((name) => path.join(FIXTURES_DIR, folder, name)),
      ),
    )
  ).flat();
  const files = originals.slice(0, count);
  const jpegs = originals.filter((file) => /\.jpe?g$/i.test(file));
  for (let index = 0; files.length < count; index++) {
    const variant = testInfo.outputPath(`variant-${index}.jpg`);
    await sharp(jpegs[index % jpegs.length]!).resize({ width: 640 + index }).jpeg().toFile(variant);
    files.push(variant);
  }
  return files;
}

const sha256Of = async (file: string) => createHash("sha256").update(await readFile(file)).digest("hex");

async function signUp(page: Page) {
  const signup = await page.request.post("/api/v1/auth/signup", {
    data: { email: `queue-${randomUUID()}@example.com`, password: "a good long password" },
  });
  expect(signup.status()).toBe(201);
}

/** The signed-in user's photos as the server has them. */
async function serverPhotos(page: Page): Promise<{ sha256: string }[]> {
  const response = await page.request.get("/api/v1/photos?limit=500", { headers: { accept: "application/json" } });
  expect(response.status()).toBe(200);
  return ((await response.json()) as { photos: { sha256: string }[] }).photos;
}

async function serverCount(context: BrowserContext): Promise<number> {
  const response = await context.request.get("/api/v1/photos?limit=500");
  return ((await response.json()) as { photos: unknown[] }).photos.length;
}

/**
 * Slows this page's uploads down so that the test can interrupt them half-way; the returned
 * function takes the page off the network and back (the same DevTools session, so one setting wins).
 */
async function throttleUploads(page: Page, bytesPerSecond: number) {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send("Network.enable");
  const emulate = (offline: boolean) =>
    cdp.send("Network.emulateNetworkConditions", {
      offline,
      latency: 20,
      downloadThroughput: -1,
      uploadThroughput: offline ? 0 : bytesPerSecond,
    });
  await emulate(false);
  return emulate;
}

const doneItems = (page: Page) => page.locator("[data-testid='upload-item'][data-status='done']");

test("30 queued photos survive going offline and a reload: each reaches the server exactly once", async ({ page }, testInfo) => {
  test.setTimeout(120_000);
  const files = await photoFiles(30, testInfo);
  const expected = new Set(await Promise.all(files.map(sha256Of)));
  expect(expected.size).toBe(30);

  await signUp(page);
  await underServiceWorker(page);
  const setOffline = await throttleUploads(page, 1_500_000);
  await page.getByTestId("upload-input").setInputFiles(files);
  const panel = page.getByTestId("upload-panel");
  await expect(panel.getByTestId("upload-item")).toHaveCount(30);

  // Half-way, the network goes.
  await expect.poll(() => doneItems(page).count(), { timeout: 60_000 }).toBeGreaterThanOrEqual(10);
  await setOffline(true);
  await expect(panel.getByTestId("upload-summary")).toContainText("Waiting for the network", { timeout: 20_000 });
  const doneWhenOffline = await doneItems(page).count();
  expect(doneWhenOffline).toBeLessThan(30);
  await page.screenshot({ path: testInfo.outputPath("queue-offline.png") });

  // Reloaded while offline: the queue is read back from what the browser kept.
  await page.reload();
  await expect(panel.getByTestId("upload-item")).toHaveCount(30);
  await expect(panel.getByTestId("upload-summary")).toContainText("Waiting for the network", { timeout: 20_000 });

  // Back online, it picks up where it stopped by itself.
  await setOffline(false);
  await expect(panel.getByTestId("upload-summary")).toHaveText("30 photos backed up", { timeout: 60_000 });
  await expect(panel.getByTestId("last-backup")).toHaveText("Last backup just now");
  await expect(page.getByTestId("backup-status")).toContainText("Backed up, last backup just now");
  await page.screenshot({ path: testInfo.outputPath("queue-done.png") });

  const photos = await serverPhotos(page);
  expect(photos).toHaveLength(30);
  expect(new Set(photos.map((photo) => photo.sha256))).toEqual(expected);
});

test("a page closed mid-backup: the next one resumes the queue by itself", async ({ page, context }, testInfo) => {
  test.setTimeout(120_000);
  const files = await photoFiles(12, testInfo);

  await signUp(page);
  await page.goto("/");
  await throttleUploads(page, 500_000);
  await page.getByTestId("upload-input").setInputFiles(files);
  await expect.poll(() => doneItems(page).count(), { timeout: 60_000 }).toBeGreaterThanOrEqual(2);
  await page.close();
  const before = (await context.request.get("/api/v1/photos?limit=500").then((response) => response.json())) as {
    photos: unknown[];
  };
  expect(before.photos.length).toBeLessThan(12);

  const next = await context.newPage();
  await next.goto("/");
  await expect(next.getByTestId("upload-summary")).toHaveText("12 photos backed up", { timeout: 60_000 });
  const photos = await serverPhotos(next);
  expect(photos).toHaveLength(12);
  expect(new Set(photos.map((photo) => photo.sha256)).size).toBe(12);
  testInfo.annotations.push({ type: "resumed", description: `${before.photos.length} of 12 were on the server when the page closed` });
});

test("a big photo cut off half-way resumes from what the server stored", async ({ page }, testInfo) => {
  test.setTimeout(120_000);
  // 2600×1800 of noise at full quality: ≈ 13 MB, resumable (tus) like any file of 8 MiB or more.
  const big = testInfo.outputPath("big-noise.jpg");
  await sharp({
    create: { width: 2600, height: 1800, channels: 3, background: "black", noise: { type: "gaussian", mean: 128, sigma: 80 } },
  })
    .jpeg({ quality: 100, chromaSubsampling: "4:4:4" })
    .toFile(big);
  const size = (await readFile(big)).length;
  expect(size).toBeGreaterThan(10 * 1024 * 1024);

  await signUp(page);
  await page.goto("/");
  const requests: { method: string; offset: number }[] = [];
  page.on("request", (request) => {
    if (/\/api\/v1\/uploads\/./.test(request.url()))
      requests.push({ method: request.method(), offset: Number(request.headers()["upload-offset"] ?? NaN) });
  });
  const setOffline = await throttleUploads(page, 1_000_000);
  await page.getByTestId("upload-input").setInputFiles(big);

  // It is sent a 5 MiB part per request; the network goes while the second part is on its way.
  const progress = page.getByRole("progressbar", { name: "Uploading big-noise.jpg" });
  await expect.poll(async () => Number(await progress.getAttribute("aria-valuenow")), { timeout: 60_000 }).toBeGreaterThan(45);
  await setOffline(true);
  await expect(page.getByTestId("upload-status")).toHaveText("Waiting for the network.", { timeout: 20_000 });
  const beforeReconnect = requests.length;

  await setOffline(false);
  await expect(page.getByTestId("upload-summary")).toHaveText("1 photo backed up", { timeout: 60_000 });
  // Back online it asked the server how much it had (HEAD) and sent on from there: nothing twice.
  const resumed = requests.slice(beforeReconnect);
  expect(resumed[0]?.method).toBe("HEAD");
  const patches = requests.filter((request) => request.method === "PATCH").map((request) => request.offset);
  expect(patches.filter((offset) => offset === 0)).toHaveLength(1);
  expect(resumed.find((request) => request.method === "PATCH")?.offset).toBeGreaterThanOrEqual(10 * 1024 * 1024);
  expect(patches).toEqual([...patches].sort((a, b) => a - b));
  const [photo] = await serverPhotos(page);
  expect(photo!.sha256).toBe(await sha256Of(big));
});

/** The page once the service worker controls it (the first visit installs it, a reload puts it in charge). */
async function underServiceWorker(page: Page) {
  await page.goto("/");
  await page.evaluate(() => navigator.serviceWorker.ready.then(() => undefined));
  await page.reload();
  await expect.poll(() => page.evaluate(() => navigator.serviceWorker.controller !== null)).toBe(true);
}

test("photos shared into the app from another app land in the queue and upload", async ({ page }) => {
  test.setTimeout(90_000);
  await signUp(page);
  await underServiceWorker(page);
  const shared = ["camera/Canon_40D.jpg", "heic/IMG_5195.HEIC"];
  const files = await Promise.all(
    shared.map(async (name) => ({ name: path.basename(name), base64: (await readFile(path.join(FIXTURES_DIR, name))).toString("base64") })),
  );

  // What Android does on "Share → Photo Backup": a multipart POST navigation to the share target.
  await page.evaluate((payload) => {
    const form = Object.assign(document.createElement("form"), { method: "POST", action: "/share-target", enctype: "multipart/form-data" });
    const input = Object.assign(document.createElement("input"), { type: "file", name: "photos", multiple: true });
    const transfer = new DataTransfer();
    for (const { name, base64 } of payload) transfer.items.add(new File([Uint8Array.from(atob(base64), (char) => char.charCodeAt(0))], name));
    input.files = transfer.files;
    form.append(input);
    document.body.append(form);
    form.submit();
  }, files);

  await page.waitForURL(/\/\?shared=2$/);
  await expect(page.getByTestId("upload-summary")).toHaveText("2 photos backed up", { timeout: 30_000 });
  const photos = await serverPhotos(page);
  expect(photos.map((photo) => photo.sha256).sort()).toEqual(
    (await Promise.all(shared.map((name) => sha256Of(path.join(FIXTURES_DIR, name))))).sort(),
  );
});

test("files left waiting by a closed page are uploaded by the service worker's Background Sync", async ({ page, context, baseURL }, testInfo) => {
  test.setTimeout(90_000);
  const files = await photoFiles(3, testInfo);
  await signUp(page);
  await underServiceWorker(page);

  // The page is offline: its uploads wait. Then it is closed, with nothing sent.
  const setOffline = await throttleUploads(page, 1_000_000);
  await setOffline(true);
  await page.getByTestId("upload-input").setInputFiles(files);
  await expect(page.getByTestId("upload-summary")).toContainText("Waiting for the network", { timeout: 20_000 });
  await page.close();
  expect(await serverCount(context)).toBe(0);

  // The browser fires the sync the page registered (here through DevTools, as Chrome does once the
  // network is back); no page of the app is open to upload.
  const observer = await context.newPage();
  await observer.goto("/api/health");
  const cdp = await context.newCDPSession(observer);
  const registration = new Promise<string>((resolve) =>
    cdp.on("ServiceWorker.workerRegistrationUpdated", ({ registrations }) => {
      const ours = registrations.find((each) => each.scopeURL.startsWith(baseURL!) && !each.isDeleted);
      if (ours) resolve(ours.registrationId);
    }),
  );
  await cdp.send("ServiceWorker.enable");
  await cdp.send("ServiceWorker.dispatchSyncEvent", {
    origin: new URL(baseURL!).origin,
    registrationId: await registration,
    tag: "photo-backup",
    lastChance: false,
  });
  await expect.poll(() => serverCount(context), { timeout: 30_000 }).toBe(3);
});

test("signing out asks first while files wait, needs the network, and then leaves none of them in the browser", async ({ page }, testInfo) => {
  const files = await photoFiles(3, testInfo);
  await signUp(page);
  await underServiceWorker(page); // offline, the app's own files come from its precache, as on a phone
  const setOffline = await throttleUploads(page, 2_000);
  await setOffline(true);
  await page.getByTestId("upload-input").setInputFiles(files);
  await expect(page.getByTestId("upload-summary")).toContainText("Waiting for the network", { timeout: 20_000 });

  // Offline, the session cannot end: it says so, and nothing is removed.
  await page.getByRole("button", { name: "Sign out" }).click();
  await expect(page.getByRole("dialog")).toContainText("Signing out ends your session on the server");
  await page.getByRole("dialog").getByRole("button", { name: "Cancel" }).click();

  // Online, with the files still on their way (a slow line): named first.
  await setOffline(false);
  await page.getByRole("button", { name: "Sign out" }).click();
  const dialog = page.getByRole("dialog");
  await expect(dialog).toContainText("3 photos are still waiting");
  await page.screenshot({ path: testInfo.outputPath("sign-out-waiting.png") });
  await dialog.getByRole("button", { name: "Cancel" }).click();
  await expect(page.getByTestId("upload-item")).toHaveCount(3);

  await page.getByRole("button", { name: "Sign out" }).click();
  await page.getByRole("dialog").getByRole("button", { name: "Sign out" }).click();
  await expect(page).toHaveURL(/\/login/, { timeout: 30_000 }); // the sign-out shares the slow line with the uploads
  const queued = await page.evaluate(
    () =>
      new Promise<number>((resolve, reject) => {
        const opening = indexedDB.open("photo-backup");
        opening.onerror = () => reject(opening.error);
        opening.onsuccess = () => {
          const count = opening.result.transaction("entries").objectStore("entries").count();
          count.onsuccess = () => resolve(count.result);
        };
      }),
  );
  expect(queued).toBe(0);
});
