import sharp from "sharp";
import { rgbaToThumbHash, thumbHashToDataURL } from "thumbhash";
import { describe, expect, it } from "vitest";
import { thumbhashUrl } from "@/components/library/thumbhash-url";

/** Width, height and mean colour of a PNG data URL. */
async function png(url: string) {
  const input = Buffer.from(url.replace(/^data:image\/png;base64,/, ""), "base64");
  const { width, height } = await sharp(input).metadata();
  const { channels } = await sharp(input).removeAlpha().stats();
  return { width, height, mean: channels.map((channel) => Math.round(channel.mean)), bytes: url.length };
}

describe("thumbhashUrl", () => {
  it("draws the placeholder at half thumbhash's size, with the same colours", async () => {
    // A landscape gradient from red to blue.
    const width = 100;
    const height = 75;
    const rgba = new Uint8Array(width * height * 4);
    for (let i = 0; i < width * height; i++) rgba.set([255 - ((i % width) * 255) / width, 40, ((i % width) * 255) / width, 255], i * 4);
    const hash = rgbaToThumbHash(width, height, rgba);
    const base64 = Buffer.from(hash).toString("base64");

    const half = await png(thumbhashUrl(base64)!);
    const full = await png(thumbHashToDataURL(hash));
    expect([half.width, half.height]).toEqual([full.width! / 2, Math.floor(full.height! / 2)]);
    half.mean.forEach((value, channel) => expect(Math.abs(value - full.mean[channel]!)).toBeLessThanOrEqual(3));
    expect(half.bytes).toBeLessThan(full.bytes / 3);
  });

  it("answers null for no hash or a broken one", () => {
    expect(thumbhashUrl(null)).toBeNull();
    expect(thumbhashUrl("not base64!")).toBeNull();
  });
});
