import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { Worker } from "node:worker_threads";
import pLimit from "p-limit";
import sharp, { type Sharp } from "sharp";
import { env } from "@/lib/env";
import { logger } from "@/lib/logger";
import { findOnPath, runBounded } from "@/lib/photos/bounded-process";

export type HeicDecoderName = "native" | "wasm";

export interface DecodedHeic {
  /** Dimensions as displayed: both decoders apply the container's rotation and mirroring. */
  width: number;
  height: number;
  decoder: HeicDecoderName;
  /** The upright pixels, to resize: no EXIF orientation left to apply. */
  image: Sharp;
}

interface RawHeic {
  width: number;
  height: number;
  /** RGBA, 4 bytes a pixel. */
  data: Uint8ClampedArray;
}

/** The file declares more pixels than MAX_HEIC_PIXELS: refused by either decoder, never retried with the other. */
export class HeicTooLargeError extends Error {
  constructor(width: number, height: number) {
    super(`${width}×${height} pixels is over the limit of ${MAX_HEIC_PIXELS} for HEIC images`);
    this.name = "HeicTooLargeError";
  }
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

type DecoderMessage = RawHeic | { refused: { width: number; height: number } };

/** At most MAX_CONCURRENT_HEIC_DECODES run, the rest wait their turn in order. */
const withDecodeSlot = pLimit(MAX_CONCURRENT_HEIC_DECODES);

/**
 * The WebAssembly decoder: heic-decode (libheif in wasm) in a worker thread of its own, thrown
 * away afterwards. Its libheif (1.23.2) has memory-safety bugs fixed only in later libheif
 * releases, which libheif-js has not shipped: in a fresh instance per photo, a bug one upload sets
 * off can neither read the pixels of an earlier photo (another person's) nor crash or corrupt the
 * decoder for the next. A decoder stuck on a crafted file is stopped; one that runs out of memory
 * ends its own thread only.
 */
async function decodeWithWasm(file: Buffer): Promise<DecodedHeic> {
  const { width, height, data } = await decodeInThread(file);
  const image = sharp(Buffer.from(data.buffer, data.byteOffset, data.byteLength), { raw: { width, height, channels: 4 } });
  return { width, height, decoder: "wasm", image };
}

/** Settles once the thread has exited, so a decode's slot covers all the memory its thread held. */
function decodeInThread(file: Buffer): Promise<RawHeic> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(DECODE_ONE, {
      eval: true,
      workerData: { file, maxPixels: MAX_HEIC_PIXELS },
      resourceLimits: { maxOldGenerationSizeMb: DECODER_HEAP_MB },
    });
    let outcome: { image: RawHeic } | { error: Error } | undefined;
    const timer = setTimeout(() => {
      outcome = { error: new Error(`the HEIC decoder took over ${DECODE_TIMEOUT_MS / 1000} s`) };
      void worker.terminate();
    }, DECODE_TIMEOUT_MS);
    worker.once("message", (message: DecoderMessage) => {
      if ("refused" in message) {
        outcome = { error: new HeicTooLargeError(message.refused.width, message.refused.height) };
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

/**
 * heif-convert takes 0.5 s of CPU for the 8.5 MP fixture, so a few seconds at 64 MP: longer is a
 * stuck or crafted file (or one stalled at the memory bound), which the WebAssembly decoder then gets.
 */
const NATIVE_DECODE_TIMEOUT_MS = 30_000;

/**
 * The native decoder's address space. Measured: the 8.5 MP iPhone fixture decodes within 200 MB
 * (45 MB resident) and stalls at 100 MB, libde265's threads unable to start, until the timeout.
 * 16 bytes a pixel leaves room for the decoded planes and the RGB copy libheif makes of them.
 */
const nativeAddressSpaceBytes = (pixels: number) => 256 * 1024 * 1024 + 16 * pixels;

/**
 * heif-convert's JPEG at quality 95: its PNG (libpng's default compression, no option to lower it)
 * cost 2.9 s of CPU for 8.5 MP against 0.5 s for the JPEG, and at 95 the difference is far below
 * what the WebP thumbnails keep.
 */
const NATIVE_JPEG_QUALITY = 95;

/**
 * Decodes with Debian's native libheif (`heif-convert`) in a child process under `prlimit`, into a
 * private temporary folder removed afterwards. The size the file declares (sharp reads the
 * container's header without decoding) is checked first.
 */
async function decodeWithNative(file: Buffer, tool: NativeHeicTool): Promise<DecodedHeic> {
  const { width = 0, height = 0, hasAlpha } = await sharp(file, { limitInputPixels: false }).metadata();
  if (width * height > MAX_HEIC_PIXELS) throw new HeicTooLargeError(width, height);
  const folder = await mkdtemp(path.join(tmpdir(), "heic-"));
  try {
    const input = path.join(folder, "input.heic");
    // A JPEG has no alpha channel: the rare HEIC with one costs a PNG's encoding instead.
    const output = path.join(folder, hasAlpha ? "decoded.png" : "decoded.jpg");
    await writeFile(input, file);
    await runBounded({
      command: tool.heifConvert,
      args: ["--quiet", "-q", String(NATIVE_JPEG_QUALITY), input, output],
      addressSpaceBytes: tool.addressSpaceBytes(width * height),
      timeoutMs: tool.timeoutMs,
    });
    // Its colour profile is kept, not applied (0.12 s of CPU), as the wasm decoder's pixels have
    // none: both paths give the same colours.
    const image = sharp(await readFile(output)).keepIccProfile();
    const { width: decodedWidth, height: decodedHeight } = await image.metadata();
    return { width: decodedWidth, height: decodedHeight, decoder: "native", image };
  } finally {
    await rm(folder, { recursive: true, force: true });
  }
}

interface NativeHeicTool {
  heifConvert: string;
  addressSpaceBytes: (pixels: number) => number;
  timeoutMs: number;
}

/** The native decoder's tool and bounds, found on PATH and measured unless given (tests tighten them). */
type NativeHeicOptions = Partial<NativeHeicTool>;

export interface HeicDecoder {
  /** What decodes first: native falls back to wasm on a file it fails on (unless forced). */
  decoder: HeicDecoderName;
  decode(file: Buffer): Promise<DecodedHeic>;
}

/**
 * The HEIC decoder for a mode (HEIC_DECODER): auto takes the native one when heif-convert and
 * prlimit are on PATH (or `native.heifConvert` is given), else WebAssembly; a native decode that fails
 * is tried again with WebAssembly, so what decodes today still does. At most
 * MAX_CONCURRENT_HEIC_DECODES run at once in a process across all decoders, a file declaring more
 * than MAX_HEIC_PIXELS is refused before decoding by either, so hostile files cannot exhaust the
 * worker's memory.
 */
export function createHeicDecoder(mode: "auto" | "native" | "wasm", native: NativeHeicOptions = {}): HeicDecoder {
  const { heifConvert = findOnPath("heif-convert"), addressSpaceBytes = nativeAddressSpaceBytes, timeoutMs = NATIVE_DECODE_TIMEOUT_MS } = native;
  const tool = mode !== "wasm" && heifConvert && findOnPath("prlimit") ? { heifConvert, addressSpaceBytes, timeoutMs } : undefined;
  if (mode === "native" && !tool) throw new Error("HEIC_DECODER=native, but heif-convert (libheif-examples) or prlimit (util-linux) is not on PATH");
  const decode = async (file: Buffer) => {
    if (!tool) return decodeWithWasm(file);
    try {
      return await decodeWithNative(file, tool);
    } catch (error) {
      if (error instanceof HeicTooLargeError || mode === "native") throw error;
      logger.warn({ err: error }, "native HEIC decode failed: decoding with the WebAssembly decoder");
      return decodeWithWasm(file);
    }
  };
  return { decoder: tool ? "native" : "wasm", decode: (file) => withDecodeSlot(() => decode(file)) };
}

let processDecoder: HeicDecoder | undefined;

/** The process's decoder, per HEIC_DECODER, found once. */
export function heicDecoder(): HeicDecoder {
  processDecoder ??= createHeicDecoder(env.HEIC_DECODER);
  return processDecoder;
}
