import { rgbaToDataURL, thumbHashToRGBA } from "thumbhash";

const cache = new Map<string, string | null>();
const MAX_ENTRIES = 4000;

/**
 * A small PNG data URL of a base64 thumbhash: the blurred stand-in shown until the thumbnail loads.
 * thumbhash draws it 32 px on the long edge, as an uncompressed PNG (4 KB of base64, 1.5 KB once
 * the page is compressed); halved, it is a quarter of that, and the browser's smoothing draws the
 * same blur. The first screen's HTML carries one per tile, and a slow network waits for it.
 */
export function thumbhashUrl(hash: string | null): string | null {
  if (!hash) return null;
  const cached = cache.get(hash);
  if (cached !== undefined) return cached;
  let url: string | null;
  try {
    const binary = atob(hash);
    const bytes = new Uint8Array(binary.length);
    for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
    const { w, h, rgba } = thumbHashToRGBA(bytes);
    const half = halve(w, h, rgba);
    url = rgbaToDataURL(half.w, half.h, half.rgba);
  } catch {
    url = null;
  }
  if (cache.size >= MAX_ENTRIES) cache.delete(cache.keys().next().value!);
  cache.set(hash, url);
  return url;
}

/** Each pixel the mean of a 2 × 2 block (an odd last row or column is dropped). */
function halve(w: number, h: number, rgba: ArrayLike<number>): { w: number; h: number; rgba: Uint8Array } {
  const halfW = Math.max(1, w >> 1);
  const halfH = Math.max(1, h >> 1);
  const out = new Uint8Array(halfW * halfH * 4);
  for (let y = 0; y < halfH; y++) {
    for (let x = 0; x < halfW; x++) {
      for (let channel = 0; channel < 4; channel++) {
        const at = (dy: number, dx: number) => rgba[(Math.min(h - 1, 2 * y + dy) * w + Math.min(w - 1, 2 * x + dx)) * 4 + channel]!;
        out[(y * halfW + x) * 4 + channel] = (at(0, 0) + at(0, 1) + at(1, 0) + at(1, 1) + 2) >> 2;
      }
    }
  }
  return { w: halfW, h: halfH, rgba: out };
}
