import { FORGET_LIBRARY_OWNER, isPrivateCache } from "@/lib/pwa/cache-names";

async function tellServiceWorkerToForgetOwner(): Promise<void> {
  if (typeof navigator === "undefined" || !("serviceWorker" in navigator)) return;
  const registration = await navigator.serviceWorker.getRegistration();
  for (const worker of [registration?.active, registration?.waiting]) worker?.postMessage({ type: FORGET_LIBRARY_OWNER });
}

/**
 * Drops every person's offline copies of pages, photo lists and thumbnails (the app shell stays),
 * and has the service worker stop caching for anyone until someone signs in.
 */
export async function clearPrivateCaches(): Promise<void> {
  await tellServiceWorkerToForgetOwner().catch(() => {});
  if (typeof caches === "undefined") return;
  const names = await caches.keys().catch(() => [] as string[]);
  await Promise.all(names.filter(isPrivateCache).map((name) => caches.delete(name))).catch(() => {});
}
