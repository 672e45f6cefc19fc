import sharp from "sharp";
import { expect } from "vitest";

/** A thumbnail through its signed URL: 200 and WebP. */
export async function fetchThumbnail(url: string) {
  const response = await fetch(url);
  expect(response.status).toBe(200);
  expect(response.headers.get("content-type")).toBe("image/webp");
  return Buffer.from(await response.arrayBuffer());
}

/** Mean absolute difference per channel (0–255) of two images scaled to the same small size. */
export async function pixelDifference(a: Buffer, b: Buffer): Promise<number> {
  const [left, right] = await Promise.all(
    [a, b].map((image) => sharp(image).resize(64, 64, { fit: "fill" }).removeAlpha().raw().toBuffer()),
  );
  let total = 0;
  for (let i = 0; i < left!.length; i++) total += Math.abs(left![i]! - right![i]!);
  return total / left!.length;
}
