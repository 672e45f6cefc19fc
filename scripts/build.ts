/**
 * `npm run build`: the worker image's bundles (scripts/worker-bundle.ts), `next build`, then the
 * static files put beside the standalone server, so `node .next/standalone/server.js` (what
 * `npm start` and the Docker image run) serves everything. The inputs' hash is recorded, so
 * `npm start` and the load run skip building them again.
 */
import { spawnSync } from "node:child_process";
import path from "node:path";
import { sourceHash, writeBuildStamp } from "@/scripts/build-state";
import { copyStandaloneAssets } from "@/scripts/web-build";
import { bundleWorkerPrograms } from "@/scripts/worker-bundle";

const hash = await sourceHash();
await bundleWorkerPrograms();
const { status } = spawnSync(process.execPath, [path.resolve("node_modules/next/dist/bin/next"), "build"], { stdio: "inherit" });
if (status !== 0) process.exit(status ?? 1);
await copyStandaloneAssets();
await writeBuildStamp(hash);
