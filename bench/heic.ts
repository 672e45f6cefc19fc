import { readFileSync } from "node:fs";
import { createHeicDecoder, MAX_CONCURRENT_HEIC_DECODES, type HeicDecoder } from "@/lib/photos/decode-heic";
import { renderThumbnails } from "@/lib/photos/render-thumbnails";
import { fixturePath } from "@/tests/support/fixtures";

const HEIC_FIXTURE = "heic/IMG_5195.HEIC"; // iPhone, 2566×3313 (8.5 MP): the largest HEIC fixture
const JPEG_FIXTURE = "phone/iphone_hdr_YES.jpg"; // 3264×2448 (8 MP)
const ROUNDS = Number(process.env.BENCH_HEIC_ROUNDS ?? 8);

/**
 * CPU seconds of this process and of its children that have ended (heif-convert): user and system
 * time from /proc, which counts the decoder threads too. process.resourceUsage() leaves children out.
 */
function cpuSeconds(): number {
  const fields = readFileSync("/proc/self/stat", "utf8").split(") ")[1]!.split(" ");
  // utime, stime, cutime, cstime: fields 14–17 of proc(5), here counted from field 3 (state).
  const ticks = [11, 12, 13, 14].reduce((sum, index) => sum + Number(fields[index]), 0);
  return ticks / 100; // USER_HZ, 100 on Linux
}

/**
 * Makes a photo's three sizes ROUNDS times, as the worker does (MAX_CONCURRENT_HEIC_DECODES at
 * once); `decodeOnly`: only decodes it, upright, to raw pixels.
 */
async function measure(file: string, heic: HeicDecoder, { decodeOnly = false } = {}) {
  const work = decodeOnly ? async () => (await heic.decode(readFileSync(file))).image.raw().toBuffer() : () => renderThumbnails(file, { heic });
  await work(); // warm-up: code loaded, sharp's threads started
  let remaining = ROUNDS;
  const cpuBefore = cpuSeconds();
  const started = performance.now();
  await Promise.all(
    Array.from({ length: MAX_CONCURRENT_HEIC_DECODES }, async () => {
      while (remaining-- > 0) await work();
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  return { photosPerSecond: ROUNDS / seconds, cpuSecondsPerPhoto: (cpuSeconds() - cpuBefore) / ROUNDS };
}

/**
 * HEIC photos per second and CPU seconds per photo (three sizes, and the decode alone), native
 * libheif against WebAssembly, with an 8 MP JPEG's three sizes for scale.
 */
export async function measureHeic() {
  const heic = fixturePath(HEIC_FIXTURE);
  const wasm = await measure(heic, createHeicDecoder("wasm"));
  const native = await measure(heic, createHeicDecoder("native"));
  const jpeg = await measure(fixturePath(JPEG_FIXTURE), createHeicDecoder("wasm"));
  const wasmDecode = await measure(heic, createHeicDecoder("wasm"), { decodeOnly: true });
  const nativeDecode = await measure(heic, createHeicDecoder("native"), { decodeOnly: true });
  const round = (value: number) => +value.toFixed(3);
  return {
    figure: "heic",
    heic: HEIC_FIXTURE,
    jpeg: JPEG_FIXTURE,
    photos: ROUNDS,
    concurrency: MAX_CONCURRENT_HEIC_DECODES,
    native_photos_per_s: round(native.photosPerSecond),
    wasm_photos_per_s: round(wasm.photosPerSecond),
    native_cpu_s_per_photo: round(native.cpuSecondsPerPhoto),
    wasm_cpu_s_per_photo: round(wasm.cpuSecondsPerPhoto),
    jpeg_cpu_s_per_photo: round(jpeg.cpuSecondsPerPhoto),
    native_decode_only_cpu_s: round(nativeDecode.cpuSecondsPerPhoto),
    wasm_decode_only_cpu_s: round(wasmDecode.cpuSecondsPerPhoto),
    ratio_photos_per_s: round(native.photosPerSecond / wasm.photosPerSecond),
    ratio_cpu_s_per_photo: round(native.cpuSecondsPerPhoto / wasm.cpuSecondsPerPhoto),
    ratio_decode_only_cpu_s: round(nativeDecode.cpuSecondsPerPhoto / wasmDecode.cpuSecondsPerPhoto),
    goal: "native cpu_s_per_photo <= 0.8 for a 12 MP HEIC",
  };
}
