import { Worker } from "node:worker_threads";

export interface DecodedHeic {
  width: number;
  height: number;
  /** RGBA, 4 bytes a pixel. */
  data: Uint8ClampedArray;
}

/** Runs in the worker thread: heic-decode loaded afresh, one image, the pixels handed back. */
const DECODE_ONE = `
const { parentPort, workerData } = require("node:worker_threads");
import("heic-decode").then(async ({ default: decode }) => {
  const { width, height, data } = await decode({ buffer: workerData });
  parentPort.postMessage({ width, height, data }, [data.buffer]);
});
`;

/**
 * Decodes a HEIC/HEIF image with heic-decode (libheif in wasm) in a worker thread of its own,
 * thrown away afterwards. Its libheif (1.23.2) has memory-safety bugs fixed only in later libheif
 * releases, which libheif-js has not shipped: in a fresh instance per photo, a bug one upload sets
 * off can neither read the pixels of an earlier photo (another person's) nor crash or corrupt the
 * decoder for the next.
 */
export function decodeHeic(file: Buffer): Promise<DecodedHeic> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(DECODE_ONE, { eval: true, workerData: file });
    worker.once("message", resolve);
    worker.once("error", reject);
    worker.once("exit", (code) => reject(new Error(`the HEIC decoder stopped (exit code ${code}) without an image`)));
  });
}
