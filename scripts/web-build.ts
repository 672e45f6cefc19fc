import { createHash } from "node:crypto";
import { existsSync } from "node:fs";
import { cp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import path from "node:path";

/** What `next build` reads: when none of it changed since the last build, `npm start` skips building. */
const BUILD_INPUTS = ["app", "components", "lib", "public", "next.config.js", "postcss.config.mjs", "tsconfig.json", "package-lock.json"];
const STAMP = path.join(".next", "source-hash");

async function* files(entry: string): AsyncGenerator<string> {
  if (!existsSync(entry)) return;
  const entries = await readdir(entry, { withFileTypes: true, recursive: true }).catch(() => null);
  if (!entries) {
    yield entry;
    return;
  }
  for (const file of entries) if (file.isFile()) yield path.join(file.parentPath, file.name);
}

export async function sourceHash(): Promise<string> {
  const hash = createHash("sha256");
  for (const input of BUILD_INPUTS) {
    const paths: string[] = [];
    for await (const file of files(input)) paths.push(file);
    for (const file of paths.sort()) hash.update(file).update(await readFile(file));
  }
  return hash.digest("hex");
}

/** The web app's production server: `next build` with `output: "standalone"` writes it with the modules it needs. */
export const STANDALONE_SERVER = path.join(".next", "standalone", "server.js");

export async function isBuildCurrent(hash: string): Promise<boolean> {
  return existsSync(STANDALONE_SERVER) && (await readFile(STAMP, "utf8").catch(() => "")) === hash;
}

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

export const writeBuildStamp = (hash: string) => writeFile(STAMP, hash);
