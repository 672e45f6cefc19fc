import { PRIVATE_CACHES } from "@/lib/pwa/cache-names";

/** Drops the service worker's copies of pages, photo lists and thumbnails (the app shell stays). */
export async function clearPrivateCaches(): Promise<void> {
  if (typeof caches === "undefined") return;
  await Promise.all(PRIVATE_CACHES.map((name) => caches.delete(name))).catch(() => {});
}
