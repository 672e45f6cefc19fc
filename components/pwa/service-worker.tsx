"use client";

import { afterPageLoad } from "@/components/after-page-load";
// At once, not after the load event: the browser's install offer may come before it, and is kept
// for the settings page whenever it comes.
import "@/components/pwa/install-prompt";

/**
 * The service worker's registration and its "new version" toast, once the page has loaded: the
 * worker serves nothing of a first visit, and its code would share a slow line with the thumbnails
 * in view (the registration after the load event is also what the browsers' guidance advises).
 */
export const ServiceWorker = afterPageLoad(() =>
  import("@/components/pwa/service-worker-registration").then((module) => module.ServiceWorkerRegistration),
);
