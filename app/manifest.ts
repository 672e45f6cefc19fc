import type { MetadataRoute } from "next";
import { ACCEPTED_MEDIA } from "@/components/backup/media-files";

/** Lets browsers install the library as an app (home screen, dock). Icons: scripts/generate-icons.ts. */
export default function manifest(): MetadataRoute.Manifest {
  return {
    id: "/",
    name: "Photo Backup",
    short_name: "Photos",
    description: "A private photo backup: upload from any device, browse your library in a fast grid.",
    start_url: "/",
    scope: "/",
    display: "standalone",
    orientation: "any",
    background_color: "#fafafa",
    theme_color: "#fafafa",
    categories: ["photo", "productivity"],
    // "Share → Photo Backup" from the gallery: the service worker queues the photos and videos (app/sw.ts).
    share_target: {
      action: "/share-target",
      method: "POST",
      enctype: "multipart/form-data",
      params: { files: [{ name: "photos", accept: ACCEPTED_MEDIA }] },
    },
    icons: [
      { src: "/icons/icon-192.png", sizes: "192x192", type: "image/png", purpose: "any" },
      { src: "/icons/icon-512.png", sizes: "512x512", type: "image/png", purpose: "any" },
      { src: "/icons/maskable-192.png", sizes: "192x192", type: "image/png", purpose: "maskable" },
      { src: "/icons/maskable-512.png", sizes: "512x512", type: "image/png", purpose: "maskable" },
      { src: "/favicon.svg", sizes: "any", type: "image/svg+xml", purpose: "any" },
    ],
    // Taken by tests/e2e/pwa.spec.ts with UPDATE_MANIFEST_SCREENSHOTS=1.
    screenshots: [
      { src: "/screenshots/library-narrow.png", sizes: "780x1688", type: "image/png", form_factor: "narrow", label: "Your library on a phone" },
      { src: "/screenshots/library-wide.png", sizes: "1280x800", type: "image/png", form_factor: "wide", label: "Your library on a computer" },
    ],
  };
}
