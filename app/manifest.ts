import type { MetadataRoute } from "next";

/** Lets browsers install the library as an app (home screen, dock). */
export default function manifest(): MetadataRoute.Manifest {
  return {
    name: "Photo Backup",
    short_name: "Photos",
    description: "A private photo backup: upload from any device, browse your library in a fast grid.",
    start_url: "/",
    display: "standalone",
    background_color: "#fafafa",
    theme_color: "#4f46e5",
    icons: [{ src: "/favicon.svg", sizes: "any", type: "image/svg+xml", purpose: "any" }],
  };
}
