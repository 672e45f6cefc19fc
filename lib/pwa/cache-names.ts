/** Cache Storage names of the service worker's runtime caches, shared with the pages that clear them. */
export const CACHE_NAMES = {
  pages: "pages",
  api: "photo-lists",
  thumbnails: "thumbnails",
  previews: "previews",
} as const;

/**
 * Everything that holds a user's library: dropped on sign-out and when a session ends, so a
 * shared computer shows nothing of it offline.
 */
export const PRIVATE_CACHES: readonly string[] = Object.values(CACHE_NAMES);
