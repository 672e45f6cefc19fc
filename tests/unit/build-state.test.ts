// What makes `npm start` build again: every file of the Docker build context, as .dockerignore
// decides (scripts/build-state.ts), checked on a small tree under the project's own .dockerignore.
import { mkdtemp, mkdir, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildInputs, sourceHash } from "@/scripts/build-state";

const TREE = ["app/page.tsx", "proxy.ts", "types/s3rver.d.ts", "package-lock.json", "tests/unit/env.test.ts", "README.md", "docs/scaling.md", "node_modules/next/package.json", ".next/BUILD_ID"];
let root: string;

async function write(file: string, text: string) {
  await mkdir(path.dirname(path.join(root, file)), { recursive: true });
  await writeFile(path.join(root, file), text);
}

beforeAll(async () => {
  root = await mkdtemp(path.join(tmpdir(), "photo-backup-build-inputs-"));
  await writeFile(path.join(root, ".dockerignore"), await readFile(".dockerignore"));
  for (const file of TREE) await write(file, `the first ${file}`);
});

afterAll(() => rm(root, { recursive: true, force: true }));

describe("the build's inputs", () => {
  it("are the build context: sources, proxy.ts and types/, not tests, docs, installs or builds", async () => {
    expect(await buildInputs(root)).toEqual([".dockerignore", "app/page.tsx", "package-lock.json", "proxy.ts", "types/s3rver.d.ts"]);
  });

  it("in this project hold proxy.ts, types/ and the worker, and no test", async () => {
    const inputs = await buildInputs();
    expect(inputs).toEqual(expect.arrayContaining(["proxy.ts", "types/s3rver.d.ts", "workers/index.ts", "next.config.js", "package-lock.json"]));
    expect(inputs.filter((file) => /^(tests|bench|docs|node_modules|\.next|dist)\/|\.md$/.test(file))).toEqual([]);
  });

  it.each(["proxy.ts", "types/s3rver.d.ts", "app/page.tsx", "package-lock.json"])("go stale when %s changes", async (file) => {
    const before = await sourceHash(root);
    await write(file, `a change to ${file}`);
    expect(await sourceHash(root)).not.toBe(before);
  });

  it.each(["tests/unit/env.test.ts", "README.md", "node_modules/next/package.json", ".next/BUILD_ID"])("stay current when %s changes", async (file) => {
    const before = await sourceHash(root);
    await write(file, `a change to ${file}`);
    expect(await sourceHash(root)).toBe(before);
  });

  it("go stale when a file is added to the sources", async () => {
    const before = await sourceHash(root);
    await write("lib/new-module.ts", "export {};");
    expect(await sourceHash(root)).not.toBe(before);
  });
});
