import { cp, rm } from "node:fs/promises";
import path from "node:path";

/** The web app's production server: `next build` with `output: "standalone"` writes it with the modules it needs. */
export const STANDALONE_SERVER = path.join(".next", "standalone", "server.js");

/** Preloaded into every web server process: the peer's address for lib/auth/client-ip.ts (see the file). */
const PEER_ADDRESS_PRELOAD = "peer-address.cjs";

/** Node's arguments to run the standalone server at `serverPath`, as the image does. */
export const webServerCommand = (serverPath = STANDALONE_SERVER) => ["--require", path.join(path.dirname(path.resolve(serverPath)), PEER_ADDRESS_PRELOAD), serverPath];

/** The same preload for `next dev`, from the source tree. */
export const PEER_ADDRESS_PRELOAD_SOURCE = path.resolve("scripts", PEER_ADDRESS_PRELOAD);

/**
 * The standalone server serves `public/` and the build's static files only when they sit beside
 * it: `next build` leaves them out, for deployments that put them on a CDN. The peer-address
 * preload goes beside it too.
 */
export async function copyStandaloneAssets(): Promise<void> {
  const standalone = path.dirname(STANDALONE_SERVER);
  for (const [from, to] of [
    ["public", path.join(standalone, "public")],
    [path.join(".next", "static"), path.join(standalone, ".next", "static")],
    [PEER_ADDRESS_PRELOAD_SOURCE, path.join(standalone, PEER_ADDRESS_PRELOAD)],
  ] as const) {
    await rm(to, { recursive: true, force: true });
    await cp(from, to, { recursive: true });
  }
}
