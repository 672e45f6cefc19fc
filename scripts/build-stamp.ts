import { createHash } from "node:crypto";
import { existsSync } from "node:fs";
import { readdir, readFile, writeFile } from "node:fs/promises";
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

export async function isBuildCurrent(hash: string): Promise<boolean> {
  return existsSync(path.join(".next", "BUILD_ID")) && (await readFile(STAMP, "utf8").catch(() => "")) === hash;
}

export const writeBuildStamp = (hash: string) => writeFile(STAMP, hash);
