import { randomUUID } from "node:crypto";
import { readFile } from "node:fs/promises";
import path from "node:path";
import { expect, test, type Page } from "./test";

const fixture = (name: string) => path.resolve("tests/fixtures/photos", name);

async function signUp(page: Page) {
  const signup = await page.request.post("/api/v1/auth/signup", {
    data: { email: `folders-${randomUUID()}@example.com`, password: "a good long password" },
  });
  expect(signup.status()).toBe(201);
}

async function serverCount(page: Page): Promise<number> {
  const response = await page.request.get("/api/v1/photos?limit=500");
  return ((await response.json()) as { photos: unknown[] }).photos.length;
}

/**
 * Puts files in a folder of the page's origin-private file system: a real FileSystemDirectoryHandle,
 * which the folder picker below hands to the app as if the person had chosen it.
 */
async function writeToFolder(page: Page, files: Record<string, string>) {
  const contents = await Promise.all(
    Object.entries(files).map(
      async ([target, source]): Promise<[string, string]> => [target, (await readFile(fixture(source))).toString("base64")],
    ),
  );
  await page.evaluate(async (entries) => {
    const root = await (await navigator.storage.getDirectory()).getDirectoryHandle("Camera", { create: true });
    for (const [target, base64] of entries) {
      const parts = target.split("/");
      let directory = root;
      for (const part of parts.slice(0, -1)) directory = await directory.getDirectoryHandle(part, { create: true });
      const writable = await (await directory.getFileHandle(parts.at(-1)!, { create: true })).createWritable();
      await writable.write(Uint8Array.from(atob(base64), (char) => char.charCodeAt(0)));
      await writable.close();
    }
  }, contents);
}

test("a kept folder is backed up when added, and its new photos each time the app opens", async ({ page }, testInfo) => {
  test.setTimeout(90_000);
  await page.addInitScript(() => {
    window.showDirectoryPicker = async () =>
      (await navigator.storage.getDirectory()).getDirectoryHandle("Camera", { create: true });
  });
  await signUp(page);
  await page.goto("/settings");
  await writeToFolder(page, {
    "Canon_40D.jpg": "camera/Canon_40D.jpg",
    "2024/Nikon_D70.jpg": "camera/Nikon_D70.jpg",
    "IMG_5195.HEIC": "heic/IMG_5195.HEIC",
    ".thumbnails/Canon_40D.jpg": "camera/Kodak_CX7530.jpg",
    "notes.txt": "ATTRIBUTION.md",
  });

  await page.getByRole("button", { name: "Add a folder" }).click();
  const notice = page.getByTestId("folder-notice");
  await expect(notice).toContainText("“Camera” added. 3 new photos queued for backup.");
  await expect(page.getByTestId("backup-folder")).toContainText("Camera");
  await expect.poll(() => serverCount(page), { timeout: 30_000 }).toBe(3);
  await page.screenshot({ path: testInfo.outputPath("folder-backup-settings.png"), fullPage: true });

  // Two photos land in the folder; the next time the app opens, they are backed up by themselves
  // (the list still shows the first three).
  await writeToFolder(page, { "Pentax_K10D.jpg": "camera/Pentax_K10D.jpg", "2024/Sony_HDR-HC3.jpg": "camera/Sony_HDR-HC3.jpg" });
  await page.goto("/");
  await expect(page.getByTestId("upload-summary")).toHaveText("5 photos backed up", { timeout: 30_000 });
  expect(await serverCount(page)).toBe(5);

  // Nothing new: nothing queued.
  await page.getByRole("button", { name: "Close uploads" }).click();
  await page.reload();
  await page.goto("/settings");
  await page.getByRole("button", { name: "Check now" }).click();
  await expect(notice).toHaveText("No new photos found.");
  expect(await serverCount(page)).toBe(5);
});

test("where folders cannot be kept, picking the folder again sends only what is new", async ({ page }) => {
  test.setTimeout(90_000);
  await page.addInitScript(() => {
    Object.defineProperty(window, "showDirectoryPicker", { value: undefined });
  });
  await signUp(page);
  await page.goto("/settings");
  await page.getByTestId("folder-input").setInputFiles(fixture("camera"));
  const notice = page.getByTestId("folder-notice");
  await expect(notice).toContainText("8 new photos queued for backup.");
  await expect.poll(() => serverCount(page), { timeout: 30_000 }).toBe(8);

  await page.getByTestId("folder-input").setInputFiles(fixture("camera"));
  await expect(notice).toHaveText("No new photos found.");
  expect(await serverCount(page)).toBe(8);
});
