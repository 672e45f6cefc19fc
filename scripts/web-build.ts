import { cp, rm } from "node:fs/promises";
import path from "node:path";

/** The web app's production server: `next build` with `output: "standalone"` writes it with the modules it needs. */
export const STANDALONE_SERVER = path.join(".next", "standalone", "server.js");

/**
 * The standalone server serves `public/` and the build's static files only when they sit beside
 * it: `next build` leaves them out, for deployments that put them on a CDN.
 */
export async function copyStandaloneAssets(): Promise<void> {
  const standalone = path.dirname(STANDALONE_SERVER);
  for (const [from, to] of [
    ["public", path.join(standalone, "public")],
    [path.join(".next", "static"), path.join(standalone, ".next", "static")],
  ] as const) {
    await rm(to, { recursive: true, force: true });
    await cp(from, to, { recursive: true });
  }
}
