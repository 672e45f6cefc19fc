/**
 * Whether `npm run build`'s output is current. Its inputs are derived, not listed: every file of
 * the Docker build context (the tree less what .dockerignore leaves out), so one rule decides both
 * what the image build can read and what makes `npm start` build again.
 */
import { createHash } from "node:crypto";
import { existsSync } from "node:fs";
import { readdir, readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import ignore from "ignore";
import { STANDALONE_SERVER } from "@/scripts/web-build";
import { workerProgram } from "@/scripts/worker-bundle";

const STAMP = path.join(".next", "source-hash");

/** The build context's files, relative to `root`, sorted. */
export async function buildInputs(root = "."): Promise<string[]> {
  const excluded = ignore().add(await readFile(path.join(root, ".dockerignore"), "utf8"));
  const files: string[] = [];
  async function walk(dir: string) {
    for (const entry of await readdir(path.join(root, dir), { withFileTypes: true })) {
      const relative = path.posix.join(dir, entry.name);
      if (entry.isDirectory() && !excluded.ignores(`${relative}/`)) await walk(relative);
      else if (entry.isFile() && !excluded.ignores(relative)) files.push(relative);
    }
  }
  await walk("");
  return files.sort();
}

export async function sourceHash(root = "."): Promise<string> {
  const hash = createHash("sha256");
  for (const file of await buildInputs(root)) hash.update(`${file}\0`).update(await readFile(path.join(root, file))).update("\0");
  return hash.digest("hex");
}

export async function isBuildCurrent(hash: string): Promise<boolean> {
  const built = existsSync(STANDALONE_SERVER) && existsSync(workerProgram("index"));
  return built && (await readFile(STAMP, "utf8").catch(() => "")) === hash;
}

export const writeBuildStamp = (hash: string) => writeFile(STAMP, hash);
