import { thumbHashToDataURL } from "thumbhash";

const cache = new Map<string, string | null>();
const MAX_ENTRIES = 4000;

/** A small PNG data URL of a base64 thumbhash: the blurred stand-in shown until the thumbnail loads. */
export function thumbhashUrl(hash: string | null): string | null {
  if (!hash) return null;
  const cached = cache.get(hash);
  if (cached !== undefined) return cached;
  let url: string | null;
  try {
    const binary = atob(hash);
    const bytes = new Uint8Array(binary.length);
    for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
    url = thumbHashToDataURL(bytes);
  } catch {
    url = null;
  }
  if (cache.size >= MAX_ENTRIES) cache.delete(cache.keys().next().value!);
  cache.set(hash, url);
  return url;
}
