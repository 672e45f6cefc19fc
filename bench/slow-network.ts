import { chromium, devices } from "@playwright/test";
import { percentile } from "@/bench/support";

/** Roughly "slow 4G": 1.6 Mbit/s down, 750 kbit/s up, 150 ms round trips. */
const SLOW_4G = { offline: false, latency: 150, downloadThroughput: 1_600_000 / 8, uploadThroughput: 750_000 / 8 };

/**
 * Opens the grid cold (empty browser cache) in Chromium on an emulated slow 4G network, on a
 * phone screen, and times from navigation start until the tiles' thumbhash placeholders are
 * painted and until every visible thumbnail has loaded.
 */
export async function measureGridOnSlowNetwork(baseUrl: string, sessionCookie: string) {
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
    args: ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
  });
  try {
    // The store may be behind the HTTP/2 proxy, whose certificate is made for the run.
    const context = await browser.newContext({ ...devices["Pixel 7"], ignoreHTTPSErrors: true });
    const [name, value] = sessionCookie.split("=") as [string, string];
    await context.addCookies([{ name, value, url: baseUrl }]);
    // A server that has served the page before: its first render also loads the page's modules.
    await (await context.request.get(baseUrl)).body();
    const page = await context.newPage();
    const cdp = await context.newCDPSession(page);
    await cdp.send("Network.enable");
    await cdp.send("Network.emulateNetworkConditions", SLOW_4G);

    const smallThumbnailBytes: number[] = [];
    page.on("response", async (response) => {
      if (!/\/small\.webp\?/.test(response.url())) return;
      const body = await response.body().catch(() => null);
      if (body) smallThumbnailBytes.push(body.length);
    });
    /** Bytes on the wire (compressed) of the page's HTML, stylesheets and scripts. */
    const pageBytes: Promise<number>[] = [];
    page.on("requestfinished", (request) => {
      if (!["document", "stylesheet", "script"].includes(request.resourceType())) return;
      pageBytes.push(request.sizes().then((sizes) => sizes.responseBodySize, () => 0));
    });

    await page.goto(baseUrl, { waitUntil: "commit" });
    const placeholdersMs = await page
      .waitForFunction(() => document.querySelector('[data-testid="photo-tile"]') && performance.now(), null, { timeout: 60_000 })
      .then((handle) => handle.jsonValue() as Promise<number>);
    const thumbnailsMs = await page
      .waitForFunction(
        () => {
          const visible = [...document.querySelectorAll<HTMLElement>('[data-testid="photo-tile"]')].filter((tile) => {
            const box = tile.getBoundingClientRect();
            return box.bottom > 0 && box.top < window.innerHeight && box.width > 0;
          });
          const loaded = visible.every((tile) => tile.querySelector("img")?.dataset.loaded === "true");
          return visible.length > 0 && loaded && performance.now();
        },
        null,
        { timeout: 60_000, polling: 50 },
      )
      .then((handle) => handle.jsonValue() as Promise<number>);
    const visibleTiles = await page.evaluate(
      () =>
        [...document.querySelectorAll<HTMLElement>('[data-testid="photo-tile"]')].filter((tile) => {
          const box = tile.getBoundingClientRect();
          return box.bottom > 0 && box.top < window.innerHeight;
        }).length,
    );
    await page.waitForLoadState("load");
    return {
      placeholdersMs: Math.round(placeholdersMs),
      thumbnailsMs: Math.round(thumbnailsMs),
      visibleTiles,
      pageKb: Math.round((await Promise.all(pageBytes)).reduce((sum, bytes) => sum + bytes, 0) / 1024),
      medianSmallThumbnailKb: smallThumbnailBytes.length ? +(percentile(smallThumbnailBytes, 50) / 1024).toFixed(1) : null,
    };
  } finally {
    await browser.close();
  }
}
