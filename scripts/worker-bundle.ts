/**
 * The worker image's programs (the thumbnail worker, `migrate`, `admin` and `store-init`) bundled with
 * esbuild into dist/worker, run with plain `node`. What cannot be bundled stays external, and
 * @vercel/nft copies exactly the files those packages load into dist/worker/node_modules, as
 * Next's standalone output does for the web server. The folder runs on its own, as the image runs
 * it (working directory = the folder).
 */
import { cp, mkdir, rm, writeFile } from "node:fs/promises";
import { createRequire } from "node:module";
import path from "node:path";
import { nodeFileTrace } from "@vercel/nft";
import { build, type Metafile } from "esbuild";

export const WORKER_BUNDLE_DIR = path.join("dist", "worker");

const ENTRY_POINTS = {
  index: "workers/index.ts",
  migrate: "scripts/migrate.ts",
  admin: "scripts/admin.ts",
  "store-init": "scripts/store-init.ts",
} as const;
export type WorkerProgram = keyof typeof ENTRY_POINTS;
export const workerProgram = (name: WorkerProgram, dir = WORKER_BUNDLE_DIR) => path.join(dir, `${name}.js`);
/** Node's arguments to run one (the image's commands too): errors' stacks name the TypeScript sources. */
export const workerCommand = (name: WorkerProgram, dir = WORKER_BUNDLE_DIR) => ["--enable-source-maps", workerProgram(name, dir)];

/** esbuild's account of the bundles (every input with the bytes it contributes): beside their folder, not in the image. */
export const metafilePath = (outdir = WORKER_BUNDLE_DIR) => `${outdir}.metafile.json`;

/**
 * Left to Node at run time: native addons (sharp, @node-rs/argon2), bullmq, which reads its Lua
 * scripts from its own folder, ioredis, which bullmq loads too (one copy, whose connections lib/
 * hands to bullmq), and heic-decode, which lib/photos/decode-heic.ts imports by name inside a
 * worker thread.
 */
const EXTERNAL = ["sharp", "@node-rs/argon2", "bullmq", "ioredis", "heic-decode"];

/** The heic-decode import is a string evaluated in a worker thread: no tracer sees it. */
const LOADED_BY_NAME = ["heic-decode"];

/**
 * exiftool-vendored imports exiftool-vendored.pl by a computed name and runs the perl program in
 * it, whose modules no tracer follows: the program and its library are copied as they are.
 */
const PERL_PROGRAMS = ["exiftool-vendored.pl/package.json", "exiftool-vendored.pl/index.js", "exiftool-vendored.pl/bin/exiftool", "exiftool-vendored.pl/bin/lib"];

// CommonJS packages in an ES module bundle call require() and read __dirname.
const COMMONJS_GLOBALS = `import { createRequire as __createRequire } from "node:module";
import { dirname as __pathDirname } from "node:path";
import { fileURLToPath as __fileURLToPath } from "node:url";
const require = __createRequire(import.meta.url);
const __filename = __fileURLToPath(import.meta.url);
const __dirname = __pathDirname(__filename);`;

export async function bundleWorkerPrograms(outdir = WORKER_BUNDLE_DIR): Promise<Metafile> {
  await rm(outdir, { recursive: true, force: true });
  const { metafile } = await build({
    entryPoints: Object.entries(ENTRY_POINTS).map(([out, entry]) => ({ in: entry, out })),
    outdir,
    bundle: true,
    splitting: true,
    platform: "node",
    format: "esm",
    target: "node24",
    sourcemap: true,
    // Stacks need only the mappings; the sources themselves would double the image's code.
    sourcesContent: false,
    metafile: true,
    external: EXTERNAL,
    // Outside Next, nothing sets the react-server condition that makes server-only an empty module.
    alias: { "server-only": "./node_modules/server-only/empty.js" },
    banner: { js: COMMONJS_GLOBALS },
    logLevel: "warning",
  });
  await writeFile(metafilePath(outdir), JSON.stringify(metafile));
  await copyTracedDependencies(outdir);
  return metafile;
}

async function copyTracedDependencies(outdir: string) {
  const require = createRequire(import.meta.url);
  const bundles = Object.keys(ENTRY_POINTS).map((name) => workerProgram(name as WorkerProgram, outdir));
  const { fileList } = await nodeFileTrace([...bundles, ...LOADED_BY_NAME.map((name) => require.resolve(name))], { base: process.cwd() });
  for (const file of fileList) {
    if (!file.startsWith(`node_modules${path.sep}`)) continue;
    await mkdir(path.dirname(path.join(outdir, file)), { recursive: true });
    await cp(file, path.join(outdir, file), { dereference: true });
  }
  for (const file of PERL_PROGRAMS) {
    await cp(path.join("node_modules", file), path.join(outdir, "node_modules", file), { recursive: true, dereference: true });
  }
}
