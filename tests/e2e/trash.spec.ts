import { randomUUID } from "node:crypto";
import { readFile } from "node:fs/promises";
import path from "node:path";
import type { Page } from "@playwright/test";
import { expect, test } from "./test";

const FIXTURES = ["camera/Canon_40D.jpg", "camera/Nikon_D70.jpg", "camera/Pentax_K10D.jpg"];

async function uploadThroughApi(page: Page) {
  for (const name of FIXTURES) {
    const buffer = await readFile(path.resolve("tests/fixtures/photos", name));
    const response = await page.request.post("/api/v1/photos", { multipart: { file: { name: path.basename(name), mimeType: "image/jpeg", buffer } } });
    expect(response.status()).toBe(201);
  }
}

/** A long press with a real touch (pointerType "touch"), through the DevTools protocol: how a phone starts a selection. */
async function longPress(page: Page, selector: string) {
  const box = (await page.locator(selector).boundingBox())!;
  const client = await page.context().newCDPSession(page);
  await client.send("Input.dispatchTouchEvent", { type: "touchStart", touchPoints: [{ x: box.x + box.width / 2, y: box.y + box.height / 2 }] });
  await page.waitForTimeout(700);
  await client.send("Input.dispatchTouchEvent", { type: "touchEnd", touchPoints: [] });
  await client.detach();
}

const trashedIds = async (page: Page) =>
  ((await (await page.request.get("/api/v1/trash")).json()) as { photos: { id: string }[] }).photos.map((photo) => photo.id);

test("a deleted photo can be undone, found in the trash with its days left, restored, and deleted for good", async ({ page }, testInfo) => {
  test.setTimeout(120_000);
  const phone = testInfo.project.name === "phone";
  const signup = await page.request.post("/api/v1/auth/signup", { data: { email: `trash-${randomUUID()}@example.com`, password: "a good long password" } });
  expect(signup.status()).toBe(201);
  await uploadThroughApi(page);

  await page.goto("/");
  const count = page.getByTestId("photo-count");
  await expect(count).toHaveText("3 photos");
  await expect(page.locator("[data-testid='photo-tile'][data-status='ready']")).toHaveCount(3, { timeout: 45_000 });
  const tiles = page.getByTestId("photo-tile");
  const first = (await tiles.first().getAttribute("data-photo-id"))!;

  // Delete in the viewer: the toast offers Undo, which puts the photo back.
  await tiles.first().getByRole("link").click();
  const viewer = page.getByTestId("photo-viewer");
  await viewer.getByRole("button", { name: "Delete" }).click();
  await viewer.getByTestId("confirm-dialog").getByRole("button", { name: "Delete" }).click();
  const toast = page.getByTestId("trash-toast");
  await expect(toast).toHaveText(/Photo moved to the trash/);
  await page.screenshot({ path: testInfo.outputPath("undo-toast.png") });
  await toast.getByRole("button", { name: "Undo" }).click();
  await expect(toast).toBeHidden();
  await page.keyboard.press("Escape");
  await expect(viewer).toBeHidden();
  await expect(count).toHaveText("3 photos");
  await expect(page.locator(`[data-testid='photo-tile'][data-photo-id="${first}"]`)).toHaveCount(1);
  expect(await trashedIds(page)).toEqual([]);

  // Delete it again from a selection, and let the toast go.
  const tileSelector = `[data-testid='photo-tile'][data-photo-id="${first}"]`;
  const tile = page.locator(tileSelector);
  if (phone) {
    await longPress(page, tileSelector);
  } else {
    await tile.hover();
    await tile.getByRole("checkbox").click();
  }
  const bar = page.getByTestId("selection-bar");
  await bar.getByRole("button", { name: "Delete" }).click();
  await bar.getByTestId("confirm-dialog").getByRole("button", { name: "Delete" }).click();
  await expect(toast).toBeVisible();
  await toast.getByRole("button", { name: "Dismiss" }).click();
  await expect(count).toHaveText("2 photos");
  expect(await trashedIds(page)).toEqual([first]);

  // The trash, from the header: the photo with the days it has left.
  await page.locator("[data-app-header]").getByRole("link", { name: "Trash" }).click();
  await expect(page).toHaveURL(/\/trash$/);
  const trashTiles = page.getByTestId("trash-tile");
  await expect(trashTiles).toHaveCount(1);
  await expect(trashTiles.first().getByTestId("days-left")).toHaveText("30 days left");
  await expect.poll(() => trashTiles.first().locator("img").evaluate((image: HTMLImageElement) => image.complete && image.naturalWidth > 0)).toBe(true);
  await page.screenshot({ path: testInfo.outputPath("trash.png") });

  // Restore: back in the library, where it was.
  await trashTiles.first().click();
  await expect(page.getByTestId("trash-selection-count")).toHaveText("1 selected");
  await page.screenshot({ path: testInfo.outputPath("trash-selected.png") });
  await page.getByTestId("trash-toolbar").getByRole("button", { name: "Restore" }).click();
  await expect(page.getByTestId("trash-status")).toHaveText("1 photo restored to your library");
  await expect(page.getByTestId("trash-empty")).toContainText("Trash is empty");
  await page.screenshot({ path: testInfo.outputPath("trash-empty.png") });
  await page.goto("/");
  await expect(count).toHaveText("3 photos");
  await expect(tiles.first()).toHaveAttribute("data-photo-id", first);

  // Delete for good, after a confirmation: gone from the trash and the library.
  await tile.getByRole("link").click();
  await viewer.getByRole("button", { name: "Delete" }).click();
  await viewer.getByTestId("confirm-dialog").getByRole("button", { name: "Delete" }).click();
  await expect(toast).toBeVisible();
  await page.goto("/trash");
  await trashTiles.first().click();
  await page.getByTestId("trash-toolbar").getByRole("button", { name: "Delete for good" }).click();
  const confirm = page.getByTestId("confirm-dialog");
  await expect(confirm).toContainText("Delete 1 photo for good?");
  await page.screenshot({ path: testInfo.outputPath("trash-confirm.png") });
  await confirm.getByRole("button", { name: "Delete for good" }).click();
  await expect(page.getByTestId("trash-status")).toHaveText("1 photo deleted for good");
  await expect(page.getByTestId("trash-empty")).toBeVisible();
  expect(await trashedIds(page)).toEqual([]);
  await page.goto("/");
  await expect(count).toHaveText("2 photos");
  await expect(page.locator(`[data-testid='photo-tile'][data-photo-id="${first}"]`)).toHaveCount(0);
});
