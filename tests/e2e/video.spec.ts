import { execFileSync } from "node:child_process";
import { randomUUID } from "node:crypto";
import { statSync } from "node:fs";
import { readFile } from "node:fs/promises";
import path from "node:path";
import { centre, photoParam, swipe, touch } from "./gestures";
import { expect, test, type Page } from "./test";

/** The store the app signs URLs for (the run's local S3). */
const storeOrigin = process.env.S3_ENDPOINT ? new URL(process.env.S3_ENDPOINT).origin : null;

const FIXTURES = path.resolve("tests/fixtures");
/** H.264/AAC cut off before its index (tests/fixtures/videos/README.md): nothing can decode it. */
const UNDECODABLE = path.join(FIXTURES, "videos/truncated.mp4");
/** A Live Photo (a still and its clip, paired by Apple's content identifier) and a Motion Photo. */
const LIVE_PHOTO = [path.join(FIXTURES, "live/IMG_0001.JPG"), path.join(FIXTURES, "live/IMG_0001.MOV")];
const MOTION_PHOTO = path.join(FIXTURES, "motion/PXL_MOTION.jpg");
/** HEVC in QuickTime, as iPhones record: it plays from an H.264 rendition. */
const HEVC = path.join(FIXTURES, "videos/hevc.mov");

/**
 * A clip made for the test at `clip` (in its output folder): H.264/AAC, 10 s, its index first, and
 * over 8 MiB, so it goes through the resumable upload in two parts.
 */
function makeClip(clip: string) {
  execFileSync("ffmpeg", [
    ...["-hide_banner", "-loglevel", "error", "-y"],
    ...["-f", "lavfi", "-i", "testsrc2=size=640x360:rate=30", "-f", "lavfi", "-i", "sine=frequency=440"],
    ...["-t", "10", "-c:v", "libx264", "-preset", "ultrafast", "-pix_fmt", "yuv420p", "-b:v", "7M", "-minrate", "7M", "-maxrate", "7M", "-bufsize", "2M"],
    ...["-x264-params", "nal-hrd=cbr", "-c:a", "aac", "-movflags", "+faststart", clip],
  ]);
  return clip;
}

async function signUp(page: Page) {
  const signup = await page.request.post("/api/v1/auth/signup", {
    data: { email: `video-${randomUUID()}@example.com`, password: "a good long password" },
  });
  expect(signup.status()).toBe(201);
}

const tileOf = (page: Page, filename: string) => page.getByTestId("photo-tile").filter({ has: page.locator(`a[aria-label^="${filename},"], img[alt^="${filename},"]`) });


test("a file nothing can decode, dropped on the page, shows its type and name, says why, downloads untouched and can be selected and deleted", async ({ page }, testInfo) => {
  const phone = testInfo.project.name === "phone";
  await signUp(page);
  await page.goto("/");
  // Dropped on the page, as a video's bytes with the browser's type.
  const dataTransfer = await page.evaluateHandle((base64) => {
    const transfer = new DataTransfer();
    transfer.items.add(new File([Uint8Array.from(atob(base64), (char) => char.charCodeAt(0))], "truncated.mp4", { type: "video/mp4" }));
    return transfer;
  }, (await readFile(UNDECODABLE)).toString("base64"));
  // The drop target loads after the page: drag again until it answers.
  await expect(async () => {
    await page.dispatchEvent("main", "dragenter", { dataTransfer });
    await expect(page.getByTestId("drop-overlay")).toBeVisible({ timeout: 500 });
  }).toPass();
  await page.dispatchEvent("main", "drop", { dataTransfer });

  const tile = page.locator("[data-testid='photo-tile'][data-status='failed']");
  await expect(tile).toHaveCount(1, { timeout: 30_000 });
  const noPreview = tile.getByTestId("no-preview-tile");
  await expect(noPreview).toContainText("MP4 video");
  await expect(noPreview).toContainText("truncated.mp4");
  // Why, on hover; and no <img> to show as a broken image.
  await expect(noPreview).toHaveAttribute("title", /\S/);
  await expect(tile.locator("img")).toHaveCount(0);
  await expect(tile.getByRole("link")).toHaveAccessibleName(/^truncated\.mp4, .*MP4 video, no preview$/);
  await page.getByTestId("upload-panel").getByRole("button", { name: "Close uploads" }).click();
  await page.screenshot({ path: testInfo.outputPath("no-preview-tile.png") });

  // The viewer: No preview, what it is and why, and the original to download, byte for byte.
  await tile.getByRole("link").click();
  const viewer = page.getByTestId("photo-viewer");
  const panel = viewer.getByTestId("viewer-no-preview");
  await expect(panel).toBeVisible();
  await expect(panel).toContainText("No preview");
  await expect(panel).toContainText("MP4 video");
  await expect(panel).toContainText("truncated.mp4");
  await expect(panel).toContainText((await noPreview.getAttribute("title"))!);
  await page.screenshot({ path: testInfo.outputPath("no-preview-viewer.png") });
  const download = page.waitForEvent("download");
  await panel.getByRole("button", { name: "Download original" }).click();
  expect((await download).suggestedFilename()).toBe("truncated.mp4");
  expect(await readFile((await (await download).path())!)).toEqual(await readFile(UNDECODABLE));
  await page.keyboard.press("Escape");
  await expect(viewer).toBeHidden();

  // Selected (a long press on the phone, the corner checkbox on the desktop) and deleted like any photo.
  if (phone) {
    await touch(page, [await centre(tile)], { holdMs: 700 });
  } else {
    await tile.hover();
    await tile.getByRole("checkbox").click();
  }
  const bar = page.getByTestId("selection-bar");
  await expect(bar.getByTestId("selection-count")).toHaveText("1 selected");
  await bar.getByRole("button", { name: "Delete" }).click();
  await bar.getByTestId("confirm-dialog").getByRole("button", { name: "Delete" }).click();
  await expect(page.getByTestId("photo-tile")).toHaveCount(0);

  // In the trash it is still named by its type.
  await page.goto("/trash");
  await expect(page.getByTestId("trash-tile")).toContainText("MP4 video");
  await page.screenshot({ path: testInfo.outputPath("no-preview-trash.png") });
});

test("a video uploads with progress, plays from the store and seeks; Live and Motion Photos play their clip on hover, hold or the button", async ({ page }, testInfo) => {
  test.setTimeout(180_000);
  const phone = testInfo.project.name === "phone";
  const clip = makeClip(testInfo.outputPath("clip.mp4"));
  expect(statSync(clip).size).toBeGreaterThan(8 * 1024 * 1024);
  await signUp(page);

  // The clip's second part waits until the test has seen the first part's progress.
  let releasePart = () => {};
  const partReleased = new Promise<void>((resolve) => (releasePart = resolve));
  let parts = 0;
  await page.context().route("**/api/v1/uploads/**", async (route) => {
    if (route.request().method() === "PATCH" && ++parts === 2) await partReleased;
    await route.fallback();
  });

  await page.goto("/");
  await page.getByTestId("upload-input").setInputFiles([clip, UNDECODABLE, ...LIVE_PHOTO, MOTION_PHOTO, HEVC]);
  const panel = page.getByTestId("upload-panel");
  const progress = panel.getByRole("progressbar", { name: "Uploading clip.mp4" });
  await expect(progress).toHaveAttribute("aria-valuenow", /^[1-9]\d?$/, { timeout: 30_000 });
  await expect(panel.getByTestId("upload-item").filter({ hasText: "clip.mp4" }).getByTestId("upload-status")).toHaveText(/Uploading [1-9]\d?%/);
  await page.screenshot({ path: testInfo.outputPath("video-upload-progress.png") });
  releasePart();
  await expect(panel.locator("[data-testid='upload-item'][data-status='done']")).toHaveCount(6, { timeout: 30_000 });
  await panel.getByRole("button", { name: "Close uploads" }).click();

  // The grid: the video with its length, the Live and Motion Photos with LIVE (the Live Photo's
  // clip is no tile of its own), and the undecodable file as what it is.
  const tiles = page.getByTestId("photo-tile");
  await expect(tiles).toHaveCount(5, { timeout: 60_000 });
  await expect(page.locator("[data-testid='photo-tile'][data-status='ready']")).toHaveCount(4, { timeout: 90_000 });
  await expect(page.locator("[data-testid='photo-tile'][data-status='failed']")).toHaveCount(1, { timeout: 30_000 });
  const video = tileOf(page, "clip.mp4");
  await expect(video.getByTestId("tile-duration")).toHaveText("0:10");
  await expect(video.locator("img")).toHaveAttribute("alt", /^clip\.mp4, video 0:10, /);
  await expect(tileOf(page, "IMG_0001.JPG").getByTestId("tile-live")).toHaveText("LIVE");
  await expect(tileOf(page, "PXL_MOTION.jpg").getByTestId("tile-live")).toHaveText("LIVE");
  await expect(tileOf(page, "truncated.mp4").getByTestId("no-preview-tile")).toContainText("MP4 video");
  await expect.poll(() => page.evaluate(() => Array.from(document.querySelectorAll<HTMLImageElement>("[data-testid='photo-grid'] img")).filter((image) => image.complete && image.naturalWidth > 0).length)).toBe(4);
  await page.screenshot({ path: testInfo.outputPath("media-grid.png") });
  await page.emulateMedia({ colorScheme: "dark" });
  await page.waitForTimeout(300); // colour transitions
  await page.screenshot({ path: testInfo.outputPath("media-grid-dark.png") });
  await page.emulateMedia({ colorScheme: "light" });

  // The viewer plays the video with the browser's controls, from a signed URL on the store.
  await video.getByRole("link").click();
  const viewer = page.getByTestId("photo-viewer");
  const player = viewer.getByTestId("viewer-video");
  await expect(player).toBeVisible();
  const src = (await player.getAttribute("src"))!;
  if (storeOrigin) expect(new URL(src).origin).toBe(storeOrigin);
  await expect(player).toHaveAttribute("poster", /\/thumbnails\//);
  const ranges: { status: number; range: string | undefined }[] = [];
  page.on("response", (response) => {
    if (response.url() === src) ranges.push({ status: response.status(), range: response.request().headers()["range"] });
  });
  const time = () => player.evaluate((element: HTMLVideoElement) => element.currentTime);
  const readyState = () => player.evaluate((element: HTMLVideoElement) => element.readyState);
  // preload="metadata": the length is known before anything plays (and the controls are settled for the click).
  await expect.poll(readyState, { timeout: 15_000 }).toBeGreaterThanOrEqual(1);
  expect(await player.evaluate((element: HTMLVideoElement) => Math.round(element.duration))).toBe(10);
  await player.click(); // Chromium's controls play on a click on the video
  await expect.poll(readyState, { timeout: 15_000 }).toBeGreaterThanOrEqual(3);
  await expect.poll(time, { timeout: 15_000 }).toBeGreaterThan(0.5);
  expect(await player.evaluate((element: HTMLVideoElement) => element.paused)).toBe(false);
  await page.screenshot({ path: testInfo.outputPath("viewer-video-playing.png") });

  // Seeking: the store answers the range requests, and playing goes on from there.
  await player.evaluate(
    (element: HTMLVideoElement) =>
      new Promise<void>((resolve) => {
        element.addEventListener("seeked", () => resolve(), { once: true });
        element.currentTime = 7;
      }),
  );
  await expect.poll(time).toBeGreaterThan(7.3);
  expect(await time()).toBeLessThan(10.5);
  expect(ranges.length).toBeGreaterThan(0);
  expect(ranges.every(({ status, range }) => status === 206 && range?.startsWith("bytes="))).toBe(true);

  // While the video has focus, ← → are its controls'; beside it they move through the library again.
  // So do swipes: on the video they are its controls', on the bars beside it they move on.
  const shown = photoParam(page);
  const forward = await viewer.getByRole("button", { name: "Next photo" }).isEnabled();
  if (phone) {
    const onVideo = (await player.boundingBox())!;
    const stage = (await viewer.getByTestId("viewer-stage").boundingBox())!;
    await swipe(page, { x: onVideo.x + onVideo.width / 2, y: onVideo.y + onVideo.height / 3 }, forward ? -160 : 160);
    await page.waitForTimeout(500);
    expect(photoParam(page)).toBe(shown);
    await swipe(page, { x: stage.x + stage.width / 2, y: (stage.y + onVideo.y) / 2 }, forward ? -160 : 160);
  } else {
    await player.focus();
    await page.keyboard.press("ArrowRight");
    await page.keyboard.press("ArrowLeft");
    expect(photoParam(page)).toBe(shown);
    await viewer.getByRole("button", { name: "Close" }).focus();
    await page.keyboard.press(forward ? "ArrowRight" : "ArrowLeft");
  }
  await expect.poll(() => photoParam(page)).not.toBe(shown);
  await page.keyboard.press("Escape");
  await expect(viewer).toBeHidden();

  // "View original" plays the untouched original, also from the store.
  await video.getByRole("link").click();
  await viewer.getByRole("button", { name: "View original" }).click();
  await expect(player).toHaveAttribute("src", /\/originals\//);
  await expect(viewer.getByTestId("viewer-info")).toContainText("Showing the original");
  await page.keyboard.press("Escape");

  // An iPhone's HEVC plays from its H.264 rendition. Where the browser cannot play the original
  // (Debian's Chromium can: here the store's answer is spoilt), the rendition stays, with a note.
  await tileOf(page, "hevc.mov").getByRole("link").click();
  await expect(player).toHaveAttribute("src", /\/playback\.mp4\?/);
  await player.evaluate((element: HTMLVideoElement) => {
    element.muted = true; // no gesture needed
    return element.play();
  });
  await expect.poll(time, { timeout: 15_000 }).toBeGreaterThan(0.3);
  await page.context().route(/\/originals\//, (route) => route.fulfill({ status: 200, contentType: "video/quicktime", body: "not a video" }));
  await viewer.getByRole("button", { name: "View original" }).click();
  await expect(viewer.getByTestId("viewer-message")).toHaveText(/cannot play the original \(video\/quicktime\)/);
  await expect(player).toHaveAttribute("src", /\/playback\.mp4\?/);
  await page.context().unroute(/\/originals\//);
  await page.keyboard.press("Escape");

  // A Live Photo: the still, and its clip while held (touch) or hovered (mouse), and from its button.
  for (const name of ["IMG_0001.JPG", "PXL_MOTION.jpg"]) {
    await tileOf(page, name).getByRole("link").click();
    await expect(viewer.getByTestId("viewer-image")).toBeVisible();
    const motion = viewer.getByTestId("motion-clip");
    const stage = viewer.getByTestId("viewer-stage");
    const motionTime = () => motion.evaluate((element: HTMLVideoElement) => element.currentTime);
    if (phone) {
      // The browser's menu (as a long press opens it) is kept back while the finger is down, not after.
      const menuPrevented = () =>
        stage.evaluate((element) => !element.dispatchEvent(new MouseEvent("contextmenu", { bubbles: true, cancelable: true })));
      await touch(page, [await centre(stage)], {
        holdMs: 400,
        whileHeld: async () => {
          await expect(motion).toHaveAttribute("data-playing", "true");
          expect(await menuPrevented()).toBe(true);
          await page.screenshot({ path: testInfo.outputPath(`live-held-${name}.png`) });
        },
      });
      expect(await menuPrevented()).toBe(false);
    } else {
      const { x, y } = await centre(stage);
      await page.mouse.move(x, y);
      await expect(motion).toHaveAttribute("data-playing", "true");
      await expect.poll(motionTime).toBeGreaterThan(0.1);
      await page.screenshot({ path: testInfo.outputPath(`live-hovered-${name}.png`) });
      await page.mouse.move(5, 5);
    }
    await expect(motion).not.toHaveAttribute("data-playing");
    await expect.poll(motionTime).toBe(0);

    // The button plays it once, then the still is back.
    const play = viewer.getByRole("button", { name: "Play the Live Photo" });
    await play.click();
    await expect(play).toHaveAttribute("aria-pressed", "true");
    await expect(motion).toHaveAttribute("data-playing", "true");
    await expect(play).toHaveAttribute("aria-pressed", "false", { timeout: 10_000 });
    await expect(motion).not.toHaveAttribute("data-playing");
    await page.keyboard.press("Escape");
    await expect(viewer).toBeHidden();
  }

  // Motion that starts by itself does not, under prefers-reduced-motion: hovering leaves the still.
  if (!phone) {
    await page.emulateMedia({ reducedMotion: "reduce" });
    await tileOf(page, "IMG_0001.JPG").getByRole("link").click();
    await expect(viewer.getByTestId("viewer-image")).toBeVisible();
    const { x, y } = await centre(viewer.getByTestId("viewer-stage"));
    await page.mouse.move(x, y);
    await page.waitForTimeout(1000);
    await expect(viewer.getByTestId("motion-clip")).not.toHaveAttribute("data-playing");
    await viewer.getByRole("button", { name: "Play the Live Photo" }).click();
    await expect(viewer.getByTestId("motion-clip")).toHaveAttribute("data-playing", "true");
  }
});
