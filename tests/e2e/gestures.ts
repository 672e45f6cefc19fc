import type { Locator, Page } from "./test";

interface Point {
  x: number;
  y: number;
}

/**
 * A real touch gesture (pointerType "touch"), through the DevTools protocol: down at the first
 * point, held for `holdMs` (running `whileHeld` meanwhile), moved through the others, lifted.
 */
export async function touch(page: Page, [first, ...rest]: Point[], { holdMs = 0, whileHeld }: { holdMs?: number; whileHeld?: () => Promise<void> } = {}) {
  const client = await page.context().newCDPSession(page);
  await client.send("Input.dispatchTouchEvent", { type: "touchStart", touchPoints: [first!] });
  if (holdMs) await page.waitForTimeout(holdMs);
  await whileHeld?.();
  for (const point of rest) await client.send("Input.dispatchTouchEvent", { type: "touchMove", touchPoints: [point] });
  await client.send("Input.dispatchTouchEvent", { type: "touchEnd", touchPoints: [] });
  await client.detach();
}

/** A horizontal touch swipe of `dx` px from `from`. */
export const swipe = (page: Page, from: Point, dx: number) => touch(page, [from, ...[0.3, 0.6, 1].map((step) => ({ x: from.x + dx * step, y: from.y }))]);

export async function centre(locator: Locator): Promise<Point> {
  const box = (await locator.boundingBox())!;
  return { x: box.x + box.width / 2, y: box.y + box.height / 2 };
}

/** The photo the viewer shows, by the page's address. */
export const photoParam = (page: Page) => new URL(page.url()).searchParams.get("photo");
