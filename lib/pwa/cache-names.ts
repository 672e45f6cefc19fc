/** The service worker's runtime caches, one set per person who uses this browser (app/sw.ts). */
export const CACHE_NAMES = {
  pages: "pages",
  api: "photo-lists",
  thumbnails: "thumbnails",
  previews: "previews",
} as const;

export type CacheKind = keyof typeof CACHE_NAMES;

/** A cache of this person's library: their pages, lists and thumbnails never share one with anyone's. */
export const privateCacheName = (kind: CacheKind, owner: string) => `${CACHE_NAMES[kind]}:${owner}`;

/** Any person's runtime cache (the app shell's precache is not one). */
export const isPrivateCache = (name: string) => Object.values(CACHE_NAMES).some((kind) => name.startsWith(`${kind}:`));

/** Where signing out lands, loaded afresh: answered with Clear-Site-Data (proxy.ts). */
export const SIGNED_OUT_PATH = "/login?signed-out=1";

/** What a page posts to the service worker when its person signs out: cache nobody's library until someone signs in. */
export const FORGET_LIBRARY_OWNER = "forget-library-owner";
