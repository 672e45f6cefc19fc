import { Worker } from "node:worker_threads";

interface DecodedHeic {
  width: number;
  height: number;
  /** RGBA, 4 bytes a pixel. */
  data: Uint8ClampedArray;
}

/**
 * Larger HEICs are refused before decoding. Phones' largest HEIC modes are 48–50 MP. A decode
 * takes about 50 MB for the thread and libheif plus 12 bytes a pixel (measured: 150 MB for an
 * 8.5 MP iPhone HEIC), so about 850 MB at this limit.
 */
export const MAX_HEIC_PIXELS = 64_000_000;

/** Decodes running at once in a process, whatever WORKER_CONCURRENCY: two at the limit take about 1.7 GB. */
export const MAX_CONCURRENT_HEIC_DECODES = 2;

/** A 64 MP HEIC decodes in well under this on one core; longer means the decoder is stuck. */
const DECODE_TIMEOUT_MS = 120_000;

/**
 * The decoder thread's JavaScript heap: libheif's glue needs a few MB. The image's memory is not
 * in it: libheif-js's wasm memory cannot grow past 2 GB, and a failed allocation there fails the decode.
 */
const DECODER_HEAP_MB = 128;

/**
 * Runs in the worker thread: heic-decode loaded afresh, one image. Its size as the file declares it
 * (libheif reads it from the container, without decoding) is checked before anything is decoded.
 */
const DECODE_ONE = `
const { parentPort, workerData } = require("node:worker_threads");
import("heic-decode").then(async ({ default: decode }) => {
  const images = await decode.all({ buffer: workerData.file });
  const { width, height } = images[0];
  if (width * height > workerData.maxPixels) {
    parentPort.postMessage({ refused: { width, height } });
    return;
  }
  const { data } = await images[0].decode();
  parentPort.postMessage({ width, height, data }, [data.buffer]);
});
`;

type DecoderMessage = DecodedHeic | { refused: { width: number; height: number } };

/** A tiny semaphore: at most MAX_CONCURRENT_HEIC_DECODES run, the rest wait their turn in order. */
let decodesRunning = 0;
const waitingForDecode: (() => void)[] = [];

async function withDecodeSlot<T>(decode: () => Promise<T>): Promise<T> {
  if (decodesRunning >= MAX_CONCURRENT_HEIC_DECODES) await new Promise<void>((resolve) => waitingForDecode.push(resolve));
  else decodesRunning++;
  try {
    return await decode();
  } finally {
    const next = waitingForDecode.shift();
    if (next) next(); // the slot passes straight to the next in line
    else decodesRunning--;
  }
}

/**
 * Decodes a HEIC/HEIF image with heic-decode (libheif in wasm) in a worker thread of its own,
 * thrown away afterwards. Its libheif (1.23.2) has memory-safety bugs fixed only in later libheif
 * releases, which libheif-js has not shipped: in a fresh instance per photo, a bug one upload sets
 * off can neither read the pixels of an earlier photo (another person's) nor crash or corrupt the
 * decoder for the next. A decoder stuck on a crafted file is stopped; one that runs out of memory
 * ends its own thread only. At most two run at once, and a file declaring more than
 * MAX_HEIC_PIXELS is refused before decoding, so hostile files cannot exhaust the worker's memory.
 */
export function decodeHeic(file: Buffer): Promise<DecodedHeic> {
  return withDecodeSlot(() => decodeInThread(file));
}

/** Settles once the thread has exited, so a decode's slot covers all the memory its thread held. */
function decodeInThread(file: Buffer): Promise<DecodedHeic> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(DECODE_ONE, {
      eval: true,
      workerData: { file, maxPixels: MAX_HEIC_PIXELS },
      resourceLimits: { maxOldGenerationSizeMb: DECODER_HEAP_MB },
    });
    let outcome: { image: DecodedHeic } | { error: Error } | undefined;
    const timer = setTimeout(() => {
      outcome = { error: new Error(`the HEIC decoder took over ${DECODE_TIMEOUT_MS / 1000} s`) };
      void worker.terminate();
    }, DECODE_TIMEOUT_MS);
    worker.once("message", (message: DecoderMessage) => {
      if ("refused" in message) {
        const { width, height } = message.refused;
        outcome = { error: new Error(`${width}×${height} pixels is over the limit of ${MAX_HEIC_PIXELS} for HEIC images`) };
      } else outcome = { image: message };
      void worker.terminate();
    });
    worker.once("error", (error) => {
      outcome ??= { error };
    });
    worker.once("exit", (code) => {
      clearTimeout(timer);
      if (outcome && "image" in outcome) resolve(outcome.image);
      else reject(outcome?.error ?? new Error(`the HEIC decoder stopped (exit code ${code}) without an image`));
    });
  });
}
