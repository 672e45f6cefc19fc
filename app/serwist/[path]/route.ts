// GET /serwist/sw.js – the service worker: app/sw.ts bundled by esbuild with the build's precache list
import { randomUUID } from "node:crypto";
import { createSerwistRoute } from "@serwist/turbopack";

export const { dynamic, dynamicParams, revalidate, generateStaticParams, GET } = createSerwistRoute({
  swSrc: "app/sw.ts",
  useNativeEsbuild: true,
  // The offline page, kept with the policy and nonce it was served with; a new build, a new copy.
  additionalPrecacheEntries: [{ url: "/~offline", revision: randomUUID() }],
  // Store listings, not the app: fetched only when a browser offers to install. And Turbopack's
  // Web Worker entry, which reads its config from its own URL's query: a worker started from a
  // cached copy gets the cached copy's URL, without it (the hashing worker would fail).
  globIgnores: ["**/node_modules/**/*", "public/screenshots/**/*", "**/turbopack-worker-*.js"],
});
