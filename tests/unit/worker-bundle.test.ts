// The worker image holds only what the worker runs: the bundles are built here with the build's
// own options (scripts/worker-bundle.ts), and esbuild's metafile says what went into them.
import { execFile } from "node:child_process";
import { mkdtemp, readdir, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import type { Metafile } from "esbuild";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { bundleWorkerPrograms, metafilePath } from "@/scripts/worker-bundle";
import { fixturePath } from "@/tests/support/fixtures";

let directory: string;
let bundleDir: string;
let metafile: Metafile;

beforeAll(async () => {
  directory = await mkdtemp(path.join(tmpdir(), "photo-backup-worker-bundle-"));
  bundleDir = path.join(directory, "worker");
  await bundleWorkerPrograms(bundleDir);
  metafile = JSON.parse(await readFile(metafilePath(bundleDir), "utf8")) as Metafile;
}, 120_000);

afterAll(() => rm(directory, { recursive: true, force: true }));

/** The source files an entry point's bundle loads: its own output and the chunks it imports. */
function inputsOf(entryPoint: string): string[] {
  const outputs = Object.entries(metafile.outputs);
  const pending = outputs.filter(([, output]) => output.entryPoint === entryPoint).map(([file]) => file);
  const loaded = new Set<string>();
  for (const file of pending) {
    if (loaded.has(file)) continue;
    loaded.add(file);
    for (const imported of metafile.outputs[file]!.imports) if (!imported.external) pending.push(imported.path);
  }
  return [...loaded].flatMap((file) => Object.keys(metafile.outputs[file]!.inputs));
}

const packageOf = (file: string) => /node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(file)?.[1];

describe("the worker's bundle", () => {
  it("takes in nothing of Next.js or of the tus server (the web app's, not the worker's)", () => {
    const inputs = inputsOf("workers/index.ts");
    expect(inputs).toContain("workers/index.ts");
    expect(inputs.filter((file) => /node_modules\/(next|@tus\/server)\//.test(file))).toEqual([]);
  });

  it("bundles and copies no development dependency (tsx, esbuild, the Prisma CLI, the embedded services)", async () => {
    const { devDependencies } = JSON.parse(await readFile("package.json", "utf8")) as { devDependencies: Record<string, string> };
    const bundled = Object.keys(metafile.inputs).map(packageOf);
    const copied = (await readdir(path.join(bundleDir, "node_modules"), { recursive: true })).map((file) => packageOf(`node_modules/${file}/`));
    for (const name of new Set([...bundled, ...copied])) if (name) expect(Object.keys(devDependencies), name).not.toContain(name);
  });

  it("carries ExifTool: the bundled exiftool-vendored finds its perl program in the folder, and it reads maker notes", async () => {
    expect(inputsOf("workers/index.ts").some((file) => packageOf(file) === "exiftool-vendored")).toBe(true);
    // exiftool-vendored's own look-up, import("exiftool-vendored.pl"), made from the bundle's folder.
    const { stdout: program } = await promisify(execFile)(process.execPath, ["--input-type=module", "-e", 'console.log((await import("exiftool-vendored.pl")).default)'], {
      cwd: bundleDir,
    });
    expect(program.trim()).toBe(path.join(bundleDir, "node_modules/exiftool-vendored.pl/bin/exiftool"));
    const { stdout } = await promisify(execFile)("perl", [program.trim(), "-s3", "-ContentIdentifier", fixturePath("heic/IMG_5195.HEIC")]);
    expect(stdout.trim()).toBe("570F1469-09C7-4E50-9875-05F21D5BD166");
  });
});
