import { randomUUID } from "node:crypto";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import sharp from "sharp";
import { SIGNED_OUT_PATH } from "@/lib/pwa/cache-names";
import { chromium, devices, expect, test, type BrowserContext, type Page, type TestInfo } from "./test";

const FIXTURES = ["camera/Canon_40D.jpg", "camera/Nikon_D70.jpg", "orientation/Landscape_6.jpg", "phone/jolla.jpg"];

/** A new account (the page's context keeps its session) with these photos uploaded and thumbnailed. */
async function signUpWithPhotos(page: Page, fixtures: string[]) {
  const signup = await page.request.post("/api/v1/auth/signup", {
    data: { email: `pwa-${randomUUID()}@example.com`, password: "a good long password" },
  });
  expect(signup.status()).toBe(201);
  for (const name of fixtures) {
    const buffer = await readFile(path.resolve("tests/fixtures/photos", name));
    const upload = await page.request.post("/api/v1/photos", {
      multipart: { file: { name: path.basename(name), mimeType: "image/jpeg", buffer } },
    });
    expect(upload.status()).toBe(201);
  }
  await expect
    .poll(
      async () => {
        const { photos } = (await (await page.request.get("/api/v1/photos")).json()) as { photos: { status: string }[] };
        return photos.filter((photo) => photo.status === "ready").length;
      },
      { timeout: 45_000, intervals: [500] },
    )
    .toBe(fixtures.length);
}

/** The tiles whose thumbnail has really been decoded. */
const loadedThumbnails = (page: Page) =>
  page.evaluate(
    () =>
      Array.from(document.querySelectorAll<HTMLImageElement>("[data-testid='photo-tile'] img")).filter(
        (image) => image.complete && image.naturalWidth > 0,
      ).length,
  );

/** Waits for the service worker to be active, then asks Chrome whether the page could be installed. */
async function installabilityErrors(context: BrowserContext, page: Page) {
  await page.evaluate(() => navigator.serviceWorker.ready.then(() => undefined));
  const cdp = await context.newCDPSession(page);
  const { installabilityErrors: errors } = await cdp.send("Page.getInstallabilityErrors");
  const { errors: manifestErrors } = await cdp.send("Page.getAppManifest");
  await cdp.detach();
  return { errors, manifestErrors };
}

/**
 * A browser with a profile on disk, like a user's: Chrome never offers to install from an
 * incognito profile, which is what every test context is.
 */
async function launchWithProfile(testInfo: TestInfo, baseURL: string) {
  const { launchOptions, viewport, userAgent, deviceScaleFactor, isMobile, hasTouch } = testInfo.project.use;
  const userDataDir = await mkdtemp(path.join(tmpdir(), "pwa-profile-"));
  const context = await chromium.launchPersistentContext(userDataDir, {
    ...launchOptions,
    viewport,
    userAgent,
    deviceScaleFactor,
    isMobile,
    hasTouch,
    baseURL,
  });
  return {
    context,
    page: context.pages()[0] ?? (await context.newPage()),
    close: async () => {
      await context.close();
      await rm(userDataDir, { recursive: true, force: true });
    },
  };
}

test("the app is installable, and its service worker keeps the last grid for offline use", async ({ baseURL }, testInfo) => {
  test.setTimeout(120_000);
  const { context, page, close } = await launchWithProfile(testInfo, baseURL!);
  await signUpWithPhotos(page, FIXTURES);

  await page.goto("/");
  await expect(page.getByTestId("photo-count")).toHaveText(`${FIXTURES.length} photos`);
  expect(await installabilityErrors(context, page)).toEqual({ errors: [], manifestErrors: [] });

  // From the next load on, the worker answers every request of the page.
  await page.reload();
  expect(await page.evaluate(() => navigator.serviceWorker.controller?.scriptURL)).toMatch(/\/serwist\/sw\.js$/);
  await expect.poll(() => loadedThumbnails(page), { timeout: 15_000 }).toBe(FIXTURES.length);
  // Thumbnails are kept under their address without the signature, and only as CORS (non-opaque) answers.
  // Each person's copies are in caches of their own, named for them.
  const cacheNames = await page.evaluate(() => caches.keys());
  expect(cacheNames.filter((name) => name.startsWith("thumbnails:"))).toHaveLength(1);
  const cached = await page.evaluate(async (name) => {
    const cache = await caches.open(name);
    const keys = await cache.keys();
    const responses = await Promise.all(keys.map((key) => cache.match(key)));
    return { urls: keys.map((key) => key.url), types: responses.map((response) => response?.type) };
  }, cacheNames.find((name) => name.startsWith("thumbnails:"))!);
  expect(cached.urls).toHaveLength(FIXTURES.length);
  for (const url of cached.urls) expect(url).toMatch(/\/thumbnails\/[^?]+\/small\.webp$/);
  expect(new Set(cached.types)).toEqual(new Set(["cors"]));

  // Offline: the grid as last rendered, thumbnails and all.
  await context.setOffline(true);
  await page.reload();
  await expect(page.getByTestId("photo-count")).toHaveText(`${FIXTURES.length} photos`);
  await expect.poll(() => loadedThumbnails(page), { timeout: 15_000 }).toBe(FIXTURES.length);
  await page.screenshot({ path: testInfo.outputPath("offline-grid.png") });

  // A page never opened: the friendly offline page, in either colour scheme.
  await page.goto("/signup");
  await expect(page.getByTestId("offline-page")).toBeVisible();
  await expect(page.getByRole("heading", { name: "You’re offline" })).toBeVisible();
  await page.screenshot({ path: testInfo.outputPath("offline-page.png") });
  await page.emulateMedia({ colorScheme: "dark" });
  await page.screenshot({ path: testInfo.outputPath("offline-page-dark.png") });
  await page.emulateMedia({ colorScheme: "light" });

  // Back online; signing out drops every copy of this account's pages, lists and photos.
  await context.setOffline(false);
  const cacheSizes = () =>
    page.evaluate(async () => {
      const names = await caches.keys();
      const entries = (prefix: string) =>
        Promise.all(names.filter((name) => name.startsWith(`${prefix}:`)).map(async (name) => (await (await caches.open(name)).keys()).length));
      return Promise.all(["pages", "photo-lists", "thumbnails"].map(async (prefix) => (await entries(prefix)).reduce((sum, size) => sum + size, 0)));
    });
  const openGridFillingCaches = async () => {
    await page.goto("/");
    await expect(page.getByTestId("photo-count")).toHaveText(`${FIXTURES.length} photos`);
    await page.evaluate(() => fetch("/api/v1/photos/buckets")); // as the grid does once its first screen is a minute old
    await expect.poll(async () => (await cacheSizes()).map((size) => size > 0)).toEqual([true, true, true]);
  };
  await openGridFillingCaches();

  // So does a session that ends without Sign out (here its cookie is gone), once the app sends the browser to sign in.
  const cookies = await context.cookies();
  await context.clearCookies();
  await page.goto("/");
  await expect(page).toHaveURL(/\/login/);
  await expect.poll(cacheSizes).toEqual([0, 0, 0]);
  await context.addCookies(cookies);

  // The thumbnails come through the service worker again only if the browser's own cache lacks them.
  const cdp = await context.newCDPSession(page);
  await cdp.send("Network.clearBrowserCache");
  await cdp.detach();
  await openGridFillingCaches();
  const signOut = page.waitForResponse((response) => response.url().endsWith(SIGNED_OUT_PATH));
  await page.getByRole("button", { name: "Sign out" }).click();
  await expect(page).toHaveURL(/\/login/);
  // Nothing of the account is left, nor cached again while nobody is signed in; the browser's own cache is cleared too.
  expect(await cacheSizes()).toEqual([0, 0, 0]);
  expect((await (await signOut).allHeaders())["clear-site-data"]).toBe('"cache"');
  await page.reload();
  expect(await cacheSizes()).toEqual([0, 0, 0]);
  await close();
});

test("settings offer to install: the browser's prompt where there is one, Share → Add to Home Screen on iOS", async ({
  page,
  browser,
  context,
}, testInfo) => {
  const signup = await page.request.post("/api/v1/auth/signup", {
    data: { email: `install-${randomUUID()}@example.com`, password: "a good long password" },
  });
  expect(signup.status()).toBe(201);

  await page.goto("/settings");
  const install = page.getByTestId("install-app");
  await expect(install).toHaveAttribute("data-state", "unavailable");
  // Chrome offers installation only after some engagement: stand in for its event, again until the
  // page's script is listening (an offer made before it loaded is one the page never saw).
  const button = install.getByRole("button", { name: "Install app" });
  await expect(async () => {
    await page.evaluate(() => {
      const offer = Object.assign(new Event("beforeinstallprompt", { cancelable: true }), {
        prompt: async () => {
          (window as unknown as { prompted: boolean }).prompted = true;
        },
        userChoice: Promise.resolve({ outcome: "accepted" }),
      });
      window.dispatchEvent(offer);
    });
    await expect(button).toBeVisible({ timeout: 500 });
  }).toPass();
  await install.scrollIntoViewIfNeeded();
  await page.screenshot({ path: testInfo.outputPath("install-button.png") });
  await button.click();
  await expect(install).toHaveAttribute("data-state", "installed");
  expect(await page.evaluate(() => (window as unknown as { prompted?: boolean }).prompted)).toBe(true);

  // Safari on iOS has no prompt: a hint instead.
  const iphone = await browser.newContext({ ...devices["iPhone 15"], storageState: await context.storageState() });
  const iosPage = await iphone.newPage();
  await iosPage.goto("/settings");
  await expect(iosPage.getByTestId("ios-install-hint")).toContainText("Add to Home Screen");
  await iosPage.getByTestId("install-app").scrollIntoViewIfNeeded();
  await iosPage.screenshot({ path: testInfo.outputPath("install-ios-hint.png") });
  await iphone.close();
});

test("a new version is announced, and Reload switches to it", async ({ page }, testInfo) => {
  const signup = await page.request.post("/api/v1/auth/signup", {
    data: { email: `update-${randomUUID()}@example.com`, password: "a good long password" },
  });
  expect(signup.status()).toBe(201);
  await page.goto("/");
  const firstWorker = await page.evaluate(async () => {
    const registration = await navigator.serviceWorker.ready;
    return registration.active?.scriptURL;
  });
  expect(firstWorker).toMatch(/\/serwist\/sw\.js$/);

  // The next deployment, as far as the browser can tell: a worker script it has not run yet.
  // (Playwright cannot intercept the browser's own update check, so the address differs instead of the bytes.)
  await page.evaluate(async () => {
    await navigator.serviceWorker.register(`/serwist/sw.js?next=${Date.now()}`, { scope: "/", type: "module" });
  });
  const toast = page.getByTestId("update-toast");
  await expect(toast).toContainText("A new version is available");
  await page.screenshot({ path: testInfo.outputPath("update-toast.png") });

  const reloaded = page.waitForEvent("load");
  await toast.getByRole("button", { name: "Reload" }).click();
  await reloaded;
  // The page now runs under the new worker. (The page registers /serwist/sw.js again as it loads,
  // which installs the old address anew here: an artifact of faking the update by its address.)
  expect(await page.evaluate(() => navigator.serviceWorker.controller?.scriptURL)).toMatch(/\/serwist\/sw\.js\?next=\d+$/);
});

// `UPDATE_MANIFEST_SCREENSHOTS=1 npx playwright test pwa --project desktop` renews the manifest's
// screenshots in public/screenshots (then commit them; a change there means a rebuild).
test("manifest screenshots", async ({ browser, page, context }, testInfo) => {
  test.skip(!process.env.UPDATE_MANIFEST_SCREENSHOTS || testInfo.project.name !== "desktop", "renewed on demand only");
  test.setTimeout(180_000);
  const signup = await page.request.post("/api/v1/auth/signup", { data: { email: "alex@example.com", password: "a good long password" } });
  expect(signup.status()).toBe(201);
  // A fuller library than the fixtures alone: three crops of each, spread over a few days.
  const sources = ["camera/Canon_40D.jpg", "camera/Fujifilm_FinePix_E500.jpg", "camera/Kodak_CX7530.jpg", "camera/Nikon_D70.jpg",
    "camera/Olympus_C8080WZ.jpg", "camera/Panasonic_DMC-FZ30.jpg", "camera/Pentax_K10D.jpg", "camera/Sony_HDR-HC3.jpg",
    "phone/iphone_hdr_YES.jpg", "phone/jolla.jpg"];
  let count = 0;
  for (const [index, name] of sources.entries()) {
    const { data, info } = await sharp(await readFile(path.resolve("tests/fixtures/photos", name)))
      .rotate()
      .toBuffer({ resolveWithObject: true });
    const size = Math.floor(Math.min(info.width, info.height) * 0.7);
    for (const [crop, at] of [0, 0.5, 1].entries()) {
      const area = { left: Math.floor((info.width - size) * at), top: Math.floor((info.height - size) * (1 - at)), width: size, height: size };
      // No metadata: the date below is what the library goes by.
      const buffer = await sharp(data).extract(area).jpeg().toBuffer();
      const lastModified = Date.UTC(2025, 5, 14 - ((index * 3 + crop) % 4), 12 - crop);
      const upload = await page.request.post("/api/v1/photos", {
        multipart: { file: { name: `IMG_${1000 + count}.jpg`, mimeType: "image/jpeg", buffer }, lastModified: String(lastModified) },
      });
      expect(upload.status()).toBe(201);
      count++;
    }
  }
  await expect
    .poll(async () => {
      const { photos } = (await (await page.request.get("/api/v1/photos")).json()) as { photos: { status: string }[] };
      return photos.filter((photo) => photo.status === "ready").length;
    }, { timeout: 60_000, intervals: [500] })
    .toBe(count);

  const storageState = await context.storageState();
  const shots = [
    { file: "library-narrow.png", options: { ...devices["Pixel 7"], viewport: { width: 390, height: 844 }, deviceScaleFactor: 2 } },
    { file: "library-wide.png", options: { ...devices["Desktop Chrome"], viewport: { width: 1280, height: 800 }, deviceScaleFactor: 1 } },
  ];
  for (const { file, options } of shots) {
    const shotContext = await browser.newContext({ ...options, storageState });
    const shotPage = await shotContext.newPage();
    await shotPage.goto("/");
    await expect.poll(() => loadedThumbnails(shotPage), { timeout: 15_000 }).toBeGreaterThanOrEqual(12);
    await shotPage.waitForLoadState("networkidle");
    await shotPage.waitForTimeout(500); // fade-in
    await shotPage.screenshot({ path: path.resolve("public/screenshots", file) });
    await shotContext.close();
  }
});
