/// <reference lib="webworker" />
import {
  CacheFirst,
  CacheableResponsePlugin,
  ExpirationPlugin,
  NetworkFirst,
  Serwist,
  type PrecacheEntry,
  type RuntimeCaching,
  type SerwistGlobalConfig,
  type SerwistPlugin,
} from "serwist";
import { BACKUP_SYNC_TAG } from "@/components/backup/backup-queue";
import { acceptSharedPhotos, backUpFromServiceWorker } from "@/components/backup/service-worker-backup";
import { CACHE_NAMES } from "@/lib/pwa/cache-names";

declare global {
  interface WorkerGlobalScope extends SerwistGlobalConfig {
    __SW_MANIFEST: (PrecacheEntry | string)[] | undefined;
  }
}

declare const self: ServiceWorkerGlobalScope;

const DAY = 24 * 60 * 60;

/** Only complete answers: never an opaque cross-origin response (status 0) or a redirect. */
const okOnly = new CacheableResponsePlugin({ statuses: [200] });

/** Keys a cached response by its URL without the query: signed URLs change, the object under them does not. */
const withoutQuery: SerwistPlugin = {
  cacheKeyWillBeUsed: async ({ request }) => {
    const url = new URL(request.url);
    url.search = "";
    return url.href;
  },
};

/** `thumbnails/<user>/<photo>/v<version>/<size>.webp` (lib/storage.ts); older photos' keys have no version. */
const THUMBNAIL_PATH = /\/thumbnails\/[^/]+\/[^/]+\/(?:v\d+\/)?(small|medium|large)\.webp$/;

const runtimeCaching: RuntimeCaching[] = [
  {
    // Pages: the network first, so `/` offline shows the last grid it rendered (one entry a path).
    matcher: ({ request, sameOrigin, url }) =>
      request.mode === "navigate" && sameOrigin && !url.pathname.startsWith("/api/"),
    handler: new NetworkFirst({
      cacheName: CACHE_NAMES.pages,
      plugins: [okOnly, withoutQuery, new ExpirationPlugin({ maxEntries: 16, maxAgeSeconds: 30 * DAY, purgeOnQuotaError: true })],
    }),
  },
  {
    // The grid's lists: fresh when the network answers within 3 s, else what was read last.
    matcher: ({ sameOrigin, url }) => sameOrigin && (url.pathname === "/api/v1/photos" || url.pathname === "/api/v1/photos/buckets"),
    method: "GET",
    handler: new NetworkFirst({
      cacheName: CACHE_NAMES.api,
      networkTimeoutSeconds: 3,
      plugins: [okOnly, new ExpirationPlugin({ maxEntries: 200, maxAgeSeconds: 30 * DAY, purgeOnQuotaError: true })],
    }),
  },
  {
    // Thumbnails never change under their key (originals are never matched here).
    matcher: ({ url }) => THUMBNAIL_PATH.exec(url.pathname)?.[1] === "small",
    handler: new CacheFirst({
      cacheName: CACHE_NAMES.thumbnails,
      matchOptions: { ignoreVary: true },
      plugins: [okOnly, withoutQuery, new ExpirationPlugin({ maxEntries: 2000, maxAgeSeconds: 60 * DAY, purgeOnQuotaError: true })],
    }),
  },
  {
    matcher: ({ url }) => THUMBNAIL_PATH.test(url.pathname),
    handler: new CacheFirst({
      cacheName: CACHE_NAMES.previews,
      matchOptions: { ignoreVary: true },
      plugins: [okOnly, withoutQuery, new ExpirationPlugin({ maxEntries: 60, maxAgeSeconds: 60 * DAY, purgeOnQuotaError: true })],
    }),
  },
];

/**
 * Add features here: fetch routes with `serwist.registerCapture(matcher, handler, method)` (a POST
 * share target included) and other events (`sync`, `push`) with `self.addEventListener` before
 * `addEventListeners()`. Anything not matched goes to the network untouched.
 */
const serwist = new Serwist({
  precacheEntries: self.__SW_MANIFEST,
  // A new version waits until the page asks for it (the "Reload" of the update toast).
  skipWaiting: false,
  clientsClaim: true,
  navigationPreload: true,
  runtimeCaching,
  fallbacks: {
    entries: [{ url: "/~offline", matcher: ({ request }) => request.destination === "document" }],
  },
});

// The manifest's share target: shared photos go into the backup queue, then the app opens.
serwist.registerCapture(({ url, sameOrigin }) => sameOrigin && url.pathname === "/share-target", ({ request }) => acceptSharedPhotos(request), "POST");

// Background Sync (Chromium): files left waiting by a page are uploaded once the network is back.
self.addEventListener("sync", (event) => {
  const sync = event as ExtendableEvent & { tag: string };
  if (sync.tag === BACKUP_SYNC_TAG) sync.waitUntil(backUpFromServiceWorker());
});

// "Your photos are backed up" (lib/push.ts), and a tap on it opens the app.
self.addEventListener("push", (event) => {
  const message = (event.data?.json() ?? {}) as { title?: string; body?: string; url?: string; tag?: string };
  event.waitUntil(
    self.registration.showNotification(message.title ?? "Photo Backup", {
      body: message.body,
      tag: message.tag,
      icon: "/icons/icon-192.png",
      badge: "/icons/maskable-192.png",
      data: { url: message.url ?? "/" },
    }),
  );
});
self.addEventListener("notificationclick", (event) => {
  event.notification.close();
  const url = new URL((event.notification.data as { url?: string } | null)?.url ?? "/", self.location.origin).href;
  event.waitUntil(
    self.clients.matchAll({ type: "window", includeUncontrolled: true }).then((windows) => {
      const open = windows.find((client) => new URL(client.url).origin === self.location.origin);
      return open ? open.focus() : self.clients.openWindow(url);
    }),
  );
});

serwist.addEventListeners();
