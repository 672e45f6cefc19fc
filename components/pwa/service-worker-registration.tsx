"use client";

import { SerwistProvider } from "@serwist/turbopack/react";
import { UpdateToast } from "@/components/pwa/update-toast";

/**
 * Registers the service worker (app/sw.ts, served at /serwist/sw.js) for the whole origin, and
 * announces new versions. Not under `next dev`: a worker there would cache what is being edited.
 */
export function ServiceWorkerRegistration() {
  return (
    <SerwistProvider
      swUrl="/serwist/sw.js"
      options={{ scope: "/" }}
      disable={process.env.NODE_ENV === "development"}
      // Pages are cached as they are loaded; the library's `?photo=` addresses are not pages to keep.
      cacheOnNavigation={false}
      // Coming back online must not reload the page under an upload or an open photo.
      reloadOnOnline={false}
    >
      <UpdateToast />
    </SerwistProvider>
  );
}
