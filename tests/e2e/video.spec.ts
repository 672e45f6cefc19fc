import { execFileSync } from "node:child_process";
import { randomUUID } from "node:crypto";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { expect, test, type Locator, type Page } from "./test";

/** The store the app signs URLs for (the run's local S3). */
const storeOrigin = process.env.S3_ENDPOINT ? new URL(process.env.S3_ENDPOINT).origin : null;

/**
 * Videos made for the run with ffmpeg: `clip.mp4`, H.264/AAC, 10 s and over 8 MiB (so it goes
 * through the resumable upload), its index first; `broken.mov`, a QuickTime file cut off before its
 * index, which nothing can decode.
 */
function makeVideos() {
  const directory = mkdtempSync(path.join(tmpdir(), "video-spec-"));
  const ffmpeg = (...args: string[]) => execFileSync("ffmpeg", ["-hide_banner", "-loglevel", "error", "-y", ...args]);
  const clip = path.join(directory, "clip.mp4");
  ffmpeg(
    ...["-f", "lavfi", "-i", "testsrc2=size=640x360:rate=30", "-f", "lavfi", "-i", "sine=frequency=440"],
    ...["-t", "10", "-c:v", "libx264", "-preset", "ultrafast", "-pix_fmt", "yuv420p", "-b:v", "7M", "-minrate", "7M", "-maxrate", "7M", "-bufsize", "2M"],
    ...["-x264-params", "nal-hrd=cbr", "-c:a", "aac", "-movflags", "+faststart", clip],
  );
  const whole = path.join(directory, "whole.mov");
  ffmpeg("-f", "lavfi", "-i", "testsrc2=size=320x240:rate=30", "-t", "2", "-c:v", "libx264", "-preset", "ultrafast", "-f", "mov", whole);
  const broken = path.join(directory, "broken.mov");
  writeFileSync(broken, readFileSync(whole).subarray(0, 16 * 1024));
  return { clip, broken };
}

async function signUp(page: Page) {
  const signup = await page.request.post("/api/v1/auth/signup", {
    data: { email: `video-${randomUUID()}@example.com`, password: "a good long password" },
  });
  expect(signup.status()).toBe(201);
}

/** A real touch gesture (pointerType "touch"), through the DevTools protocol. */
async function touch(page: Page, point: { x: number; y: number }, holdMs: number, whileHeld?: () => Promise<void>) {
  const client = await page.context().newCDPSession(page);
  await client.send("Input.dispatchTouchEvent", { type: "touchStart", touchPoints: [point] });
  await page.waitForTimeout(holdMs);
  await whileHeld?.();
  await client.send("Input.dispatchTouchEvent", { type: "touchEnd", touchPoints: [] });
  await client.detach();
}

async function centre(locator: Locator) {
  const box = (await locator.boundingBox())!;
  return { x: box.x + box.width / 2, y: box.y + box.height / 2 };
}

const photoParam = (page: Page) => new URL(page.url()).searchParams.get("photo");

const tileOf = (page: Page, filename: string) => page.getByTestId("photo-tile").filter({ has: page.locator(`a[aria-label^="${filename},"], img[alt^="${filename},"]`) });

let videos: ReturnType<typeof makeVideos>;
test.beforeAll(() => {
  videos = makeVideos();
});

test("a file nothing can decode shows its type and name, says why, downloads untouched and can be selected and deleted", async ({ page }, testInfo) => {
  const phone = testInfo.project.name === "phone";
  await signUp(page);
  await page.goto("/");
  await page.getByTestId("upload-input").setInputFiles(videos.broken);

  const tile = page.locator("[data-testid='photo-tile'][data-status='failed']");
  await expect(tile).toHaveCount(1, { timeout: 30_000 });
  const noPreview = tile.getByTestId("no-preview-tile");
  await expect(noPreview).toContainText("MOV video");
  await expect(noPreview).toContainText("broken.mov");
  // Why, on hover; and no <img> to show as a broken image.
  await expect(noPreview).toHaveAttribute("title", /\S/);
  await expect(tile.locator("img")).toHaveCount(0);
  await expect(tile.getByRole("link")).toHaveAccessibleName(/^broken\.mov, .*MOV video, no preview$/);
  await page.getByTestId("upload-panel").getByRole("button", { name: "Close uploads" }).click();
  await page.screenshot({ path: testInfo.outputPath("no-preview-tile.png") });

  // The viewer: No preview, what it is and why, and the original to download, byte for byte.
  await tile.getByRole("link").click();
  const viewer = page.getByTestId("photo-viewer");
  const panel = viewer.getByTestId("viewer-no-preview");
  await expect(panel).toBeVisible();
  await expect(panel).toContainText("No preview");
  await expect(panel).toContainText("MOV video");
  await expect(panel).toContainText("broken.mov");
  await expect(panel).toContainText((await noPreview.getAttribute("title"))!);
  await page.screenshot({ path: testInfo.outputPath("no-preview-viewer.png") });
  const download = page.waitForEvent("download");
  await panel.getByRole("button", { name: "Download original" }).click();
  expect((await download).suggestedFilename()).toBe("broken.mov");
  expect(await readFile((await (await download).path())!)).toEqual(await readFile(videos.broken));
  await page.keyboard.press("Escape");
  await expect(viewer).toBeHidden();

  // Selected (a long press on the phone, the corner checkbox on the desktop) and deleted like any photo.
  if (phone) {
    await touch(page, await centre(tile), 700);
  } else {
    await tile.hover();
    await tile.getByRole("checkbox").click();
  }
  const bar = page.getByTestId("selection-bar");
  await expect(bar.getByTestId("selection-count")).toHaveText("1 selected");
  await bar.getByRole("button", { name: "Delete" }).click();
  await bar.getByTestId("confirm-dialog").getByRole("button", { name: "Delete" }).click();
  await expect(page.getByTestId("photo-tile")).toHaveCount(0);
});
