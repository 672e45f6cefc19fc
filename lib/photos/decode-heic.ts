import { Worker } from "node:worker_threads";

interface DecodedHeic {
  width: number;
  height: number;
  /** RGBA, 4 bytes a pixel. */
  data: Uint8ClampedArray;
}

/** A 200 MP HEIC decodes in well under this on one core; longer means the decoder is stuck. */
const DECODE_TIMEOUT_MS = 120_000;

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
 * decoder for the next. A decoder stuck on a crafted file is stopped.
 */
export function decodeHeic(file: Buffer): Promise<DecodedHeic> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(DECODE_ONE, { eval: true, workerData: file });
    const timer = setTimeout(() => {
      reject(new Error(`the HEIC decoder took over ${DECODE_TIMEOUT_MS / 1000} s`));
      void worker.terminate();
    }, DECODE_TIMEOUT_MS);
    worker.once("message", resolve);
    worker.once("error", reject);
    worker.once("exit", (code) => {
      clearTimeout(timer);
      reject(new Error(`the HEIC decoder stopped (exit code ${code}) without an image`));
    });
  });
}
