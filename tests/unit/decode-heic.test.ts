import { execFile } from "node:child_process";
import { mkdtemp, readdir, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import sharp from "sharp";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { createHeicDecoder, heicDecoder, MAX_CONCURRENT_HEIC_DECODES, MAX_HEIC_PIXELS, type DecodedHeic } from "@/lib/photos/decode-heic";
import { fixturePath, heicDeclaring } from "@/tests/support/fixtures";

/** Decoder threads and processes alive at once, and the most seen. */
const decoders = vi.hoisted(() => ({ alive: 0, most: 0 }));
const countDecoder = (exited: (listener: () => void) => void) => {
  decoders.most = Math.max(decoders.most, ++decoders.alive);
  exited(() => decoders.alive--);
};

vi.mock("node:worker_threads", async (importOriginal) => {
  const original = await importOriginal<typeof import("node:worker_threads")>();
  class CountedWorker extends original.Worker {
    constructor(...args: ConstructorParameters<typeof original.Worker>) {
      super(...args);
      countDecoder((listener) => this.once("exit", listener));
    }
  }
  return { ...original, Worker: CountedWorker };
});

vi.mock("node:child_process", async (importOriginal) => {
  const original = await importOriginal<typeof import("node:child_process")>();
  const spawn = ((...args: Parameters<typeof original.spawn>) => {
    const child = original.spawn(...args);
    countDecoder((listener) => child.once("close", listener));
    return child;
  }) as typeof original.spawn;
  return { ...original, spawn };
});

const native = createHeicDecoder("native");
const wasm = createHeicDecoder("wasm");
const FIXTURES = ["heic/IMG_5195.HEIC", "heic/samplefilehub.heif"];

/** The image at 32×32, RGB: enough to see a rotation, a mirror image or wrong colours. */
const thumbnailOf = (decoded: DecodedHeic) => decoded.image.clone().resize(32, 32, { fit: "fill" }).removeAlpha().raw().toBuffer();

// Native decodes write into os.tmpdir(): a folder of this file's own, to see them all removed.
const originalTmpdir = process.env.TMPDIR;
beforeAll(async () => {
  process.env.TMPDIR = await mkdtemp(path.join(tmpdir(), "decode-heic-test-"));
});
afterAll(() => {
  process.env.TMPDIR = originalTmpdir;
});

describe("heicDecoder", () => {
  it("uses the native decoder on this machine (heif-convert is installed: .ci/run, the worker image)", () => {
    expect(heicDecoder().decoder).toBe("native");
  });

  it.each([
    ["native", native],
    ["wasm", wasm],
  ])("%s: refuses a HEIC declaring more than MAX_HEIC_PIXELS quickly, before decoding, and decodes the next", async (_, decoder) => {
    const hostile = await heicDeclaring(12_000, 10_000); // 120 MP: under sharp's 200 MP, over the HEIC limit
    expect(12_000 * 10_000).toBeGreaterThan(MAX_HEIC_PIXELS);
    const started = performance.now();
    await expect(decoder.decode(hostile)).rejects.toThrow(`12000×10000 pixels is over the limit of ${MAX_HEIC_PIXELS}`);
    // Decoding 120 MP would take many seconds and about 1.5 GB; refusing takes the thread's start.
    expect(performance.now() - started).toBeLessThan(5000);
    const whole = await decoder.decode(await readFile(fixturePath("heic/samplefilehub.heif")));
    expect([whole.width, whole.height, whole.decoder]).toEqual([640, 426, decoder.decoder]);
  }, 30_000);

  it.each(FIXTURES)("native and wasm decode %s to the same upright image", async (fixture) => {
    const file = await readFile(fixturePath(fixture));
    const [fromNative, fromWasm] = await Promise.all([native.decode(file), wasm.decode(file)]);
    expect([fromNative.decoder, fromWasm.decoder]).toEqual(["native", "wasm"]);
    expect([fromNative.width, fromNative.height]).toEqual([fromWasm.width, fromWasm.height]);
    expect(await fromNative.image.metadata()).toMatchObject({ width: fromWasm.width, height: fromWasm.height });
    const [a, b] = await Promise.all([thumbnailOf(fromNative), thumbnailOf(fromWasm)]);
    // Native goes through a JPEG at quality 95: close, not identical.
    const meanDifference = a.reduce((sum, value, index) => sum + Math.abs(value - b[index]!), 0) / a.length;
    expect(meanDifference).toBeLessThan(2); // measured: 0.1 and 0.3 of 255

    // A rotated or mirrored image differs far more from the upright one.
    const mirrored = await fromWasm.image.clone().flop().resize(32, 32, { fit: "fill" }).removeAlpha().raw().toBuffer();
    const mirroredDifference = a.reduce((sum, value, index) => sum + Math.abs(value - mirrored[index]!), 0) / a.length;
    expect(mirroredDifference).toBeGreaterThan(5 * meanDifference);
  }, 60_000);

  it("keeps a HEIC's alpha channel natively, as the WebAssembly decoder does", async () => {
    const folder = await mkdtemp(path.join(tmpdir(), "alpha-"));
    const png = path.join(folder, "half-transparent.png");
    await sharp({ create: { width: 64, height: 48, channels: 4, background: { r: 255, g: 0, b: 0, alpha: 0.5 } } }).toFile(png);
    await promisify(execFile)("heif-enc", ["-q", "90", png, "-o", path.join(folder, "alpha.heic")]);
    const file = await readFile(path.join(folder, "alpha.heic"));
    await rm(folder, { recursive: true });
    const [fromNative, fromWasm] = await Promise.all([native.decode(file), wasm.decode(file)]);
    const alphaOf = async (decoded: DecodedHeic) => (await decoded.image.clone().extractChannel(3).raw().toBuffer())[0];
    expect(fromNative.decoder).toBe("native");
    expect(await alphaOf(fromNative)).toBeCloseTo(128, -1);
    expect(await alphaOf(fromNative)).toBe(await alphaOf(fromWasm));
  }, 30_000);

  it("falls back to the WebAssembly decoder when heif-convert is not on PATH", async () => {
    const path = process.env.PATH;
    process.env.PATH = "/nonexistent";
    try {
      const decoder = createHeicDecoder("auto");
      expect(decoder.decoder).toBe("wasm");
      expect((await decoder.decode(await readFile(fixturePath("heic/samplefilehub.heif")))).decoder).toBe("wasm");
      expect(() => createHeicDecoder("native")).toThrow(/heif-convert/);
    } finally {
      process.env.PATH = path;
    }
  }, 30_000);

  it("decodes a file the native decoder fails on with the WebAssembly one; forced native, it fails", async () => {
    const file = await readFile(fixturePath("heic/samplefilehub.heif"));
    const failing = createHeicDecoder("auto", { heifConvert: "/bin/false" });
    expect(failing.decoder).toBe("native");
    expect(await failing.decode(file)).toMatchObject({ width: 640, height: 426, decoder: "wasm" });
    await expect(createHeicDecoder("native", { heifConvert: "/bin/false" }).decode(file)).rejects.toThrow(/false ended with exit code 1/);
    await expect(createHeicDecoder("auto", { heifConvert: "/nonexistent/heif-convert" }).decode(file)).resolves.toMatchObject({ decoder: "wasm" });
  }, 30_000);

  it("bounds the native decoder's memory and time: over either, it is stopped and the WebAssembly one decodes the file", async () => {
    const heic = await readFile(fixturePath("heic/IMG_5195.HEIC"));
    const bounded = (addressSpaceBytes: number) => ({ addressSpaceBytes: () => addressSpaceBytes, timeoutMs: 3000 });
    // 100 MB: libheif's threads cannot start, and heif-convert fails or stalls until the timeout.
    const started = performance.now();
    await expect(createHeicDecoder("native", bounded(100 * 1024 * 1024)).decode(heic)).rejects.toThrow(/heif-convert ended with/);
    expect(performance.now() - started).toBeLessThan(10_000);
    expect(await createHeicDecoder("auto", bounded(100 * 1024 * 1024)).decode(heic)).toMatchObject({ width: 2566, height: 3313, decoder: "wasm" });
    // The bound this photo gets by default is enough for it (256 MB and 16 bytes a pixel).
    expect(await createHeicDecoder("native", bounded(256 * 1024 * 1024 + 16 * 2566 * 3313)).decode(heic)).toMatchObject({ decoder: "native" });
  }, 60_000);

  it.each([
    ["native", native],
    ["wasm", wasm],
  ])(`%s: runs at most ${MAX_CONCURRENT_HEIC_DECODES} decodes at once; the others wait their turn and all finish`, async (_, decoder) => {
    const heif = await readFile(fixturePath("heic/samplefilehub.heif"));
    decoders.most = 0;
    const hostile = await heicDeclaring(20_000, 20_000);
    const outcomes = await Promise.allSettled([heif, hostile, heif, heif, heif.subarray(0, 512), heif].map((file) => decoder.decode(file)));
    expect(outcomes.map((outcome) => outcome.status)).toEqual(["fulfilled", "rejected", "fulfilled", "fulfilled", "rejected", "fulfilled"]);
    expect(decoders.most).toBe(MAX_CONCURRENT_HEIC_DECODES);
    expect(decoders.alive).toBe(0);
  }, 60_000);

  it("leaves no temporary files behind, whether the decode worked or not", async () => {
    const heif = await readFile(fixturePath("heic/samplefilehub.heif"));
    await Promise.allSettled([heicDecoder().decode(heif), heicDecoder().decode(heif.subarray(0, 512)), createHeicDecoder("native", { heifConvert: "/bin/false" }).decode(heif)]);
    expect(await readdir(process.env.TMPDIR!)).toEqual([]);
  }, 30_000);
});
