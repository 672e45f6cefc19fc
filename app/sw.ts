/// <reference lib="webworker" />
import {
  CacheFirst,
  CacheableResponsePlugin,
  ExpirationPlugin,
  NetworkFirst,
  Serwist,
  type PrecacheEntry,
  type RouteHandlerCallback,
  type RuntimeCaching,
  type SerwistGlobalConfig,
  type SerwistPlugin,
} from "serwist";
import { BACKUP_SYNC_TAG } from "@/components/backup/backup-queue";
import { acceptSharedPhotos, backUpFromServiceWorker } from "@/components/backup/service-worker-backup";
import { signedInUser } from "@/components/pwa/signed-in-user";
import { FORGET_LIBRARY_OWNER, privateCacheName, SIGNED_OUT_PATH, type CacheKind } from "@/lib/pwa/cache-names";

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

/** The strategies of one person's caches: the same rules for everyone, never the same caches. */
function strategiesFor(owner: string) {
  const expiring = (maxEntries: number, days: number) => new ExpirationPlugin({ maxEntries, maxAgeSeconds: days * DAY, purgeOnQuotaError: true });
  return {
    // Pages: the network first, so `/` offline shows the last grid it rendered (one entry a path).
    pages: new NetworkFirst({ cacheName: privateCacheName("pages", owner), plugins: [okOnly, withoutQuery, expiring(16, 30)] }),
    // The grid's lists: fresh when the network answers within 3 s, else what was read last.
    api: new NetworkFirst({ cacheName: privateCacheName("api", owner), networkTimeoutSeconds: 3, plugins: [okOnly, expiring(200, 30)] }),
    // Thumbnails never change under their key (originals are never matched here).
    thumbnails: new CacheFirst({ cacheName: privateCacheName("thumbnails", owner), matchOptions: { ignoreVary: true }, plugins: [okOnly, withoutQuery, expiring(2000, 60)] }),
    previews: new CacheFirst({ cacheName: privateCacheName("previews", owner), matchOptions: { ignoreVary: true }, plugins: [okOnly, withoutQuery, expiring(60, 60)] }),
  } satisfies Record<CacheKind, unknown>;
}

/*
 * Whose library this browser shows: learnt from the server's session on a page load, forgotten when
 * a page says so (sign-out, the sign-in page: components/pwa/clear-private-caches.ts). Kept in a
 * cache of its own, as the worker may be stopped and started at any time. With nobody signed in,
 * nothing private is cached or served.
 */
const OWNER_CACHE = "library-owner";
const OWNER_KEY = "/library-owner";
let knownOwner: Promise<string | null> | undefined;
const strategiesByOwner = new Map<string, ReturnType<typeof strategiesFor>>();

async function readOwner(): Promise<string | null> {
  const stored = await (await caches.open(OWNER_CACHE)).match(OWNER_KEY);
  return stored ? (await stored.text()) || null : null;
}

async function rememberOwner(owner: string | null): Promise<void> {
  knownOwner = Promise.resolve(owner);
  const cache = await caches.open(OWNER_CACHE);
  await (owner ? cache.put(OWNER_KEY, new Response(owner)) : cache.delete(OWNER_KEY));
}

/** Whose library it is: as remembered, else, on a page load, as the server's session says (and remembered). */
async function currentOwner(navigation: boolean): Promise<string | null> {
  const remembered = await (knownOwner ??= readOwner());
  if (remembered || !navigation) return remembered;
  const owner = await signedInUser();
  if (owner) await rememberOwner(owner);
  return owner;
}

const OFFLINE_PAGE = "/~offline";

/**
 * A route's handler that uses the current owner's strategy of this kind, or the network alone; a
 * page the network cannot give, nor a cache, is the offline page.
 */
const privately =
  (kind: CacheKind): RouteHandlerCallback =>
  async (options) => {
    try {
      const owner = await currentOwner(kind === "pages");
      if (!owner) return await fetch(options.request);
      if (!strategiesByOwner.has(owner)) strategiesByOwner.set(owner, strategiesFor(owner));
      return await strategiesByOwner.get(owner)![kind].handle(options);
    } catch (error) {
      if (kind !== "pages") throw error;
      return (await serwist.matchPrecache(OFFLINE_PAGE)) ?? Response.error();
    }
  };

const runtimeCaching: RuntimeCaching[] = [
  {
    // Not the signed-out page: straight from the network, so the browser acts on its Clear-Site-Data.
    matcher: ({ request, sameOrigin, url }) =>
      request.mode === "navigate" && sameOrigin && !url.pathname.startsWith("/api/") && `${url.pathname}${url.search}` !== SIGNED_OUT_PATH,
    handler: privately("pages"),
  },
  {
    matcher: ({ sameOrigin, url }) => sameOrigin && (url.pathname === "/api/v1/photos" || url.pathname === "/api/v1/photos/buckets"),
    method: "GET",
    handler: privately("api"),
  },
  { matcher: ({ url }) => THUMBNAIL_PATH.exec(url.pathname)?.[1] === "small", handler: privately("thumbnails") },
  { matcher: ({ url }) => THUMBNAIL_PATH.test(url.pathname), handler: privately("previews") },
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
});

// The manifest's share target: shared photos go into the backup queue, then the app opens.
serwist.registerCapture(({ url, sameOrigin }) => sameOrigin && url.pathname === "/share-target", ({ request }) => acceptSharedPhotos(request), "POST");

// Background Sync (Chromium): files left waiting by a page are uploaded once the network is back.
self.addEventListener("sync", (event) => {
  const sync = event as ExtendableEvent & { tag: string };
  if (sync.tag === BACKUP_SYNC_TAG) sync.waitUntil(backUpFromServiceWorker());
});

self.addEventListener("message", (event) => {
  if ((event.data as { type?: string } | null)?.type === FORGET_LIBRARY_OWNER) event.waitUntil(rememberOwner(null));
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
