import { readFile } from "node:fs/promises";
import { describe, expect, it, vi } from "vitest";
import { decodeHeic, MAX_CONCURRENT_HEIC_DECODES, MAX_HEIC_PIXELS } from "@/lib/photos/decode-heic";
import { fixturePath, heicDeclaring } from "@/tests/support/fixtures";

/** Decoder threads alive at once, and the most seen. */
const threads = vi.hoisted(() => ({ alive: 0, most: 0 }));

vi.mock("node:worker_threads", async (importOriginal) => {
  const original = await importOriginal<typeof import("node:worker_threads")>();
  class CountedWorker extends original.Worker {
    constructor(...args: ConstructorParameters<typeof original.Worker>) {
      super(...args);
      threads.most = Math.max(threads.most, ++threads.alive);
      this.once("exit", () => threads.alive--);
    }
  }
  return { ...original, Worker: CountedWorker };
});

describe("decodeHeic", () => {
  it("refuses a HEIC declaring more than MAX_HEIC_PIXELS quickly, before decoding, and decodes the next", async () => {
    const hostile = await heicDeclaring(12_000, 10_000); // 120 MP: under sharp's 200 MP, over the HEIC limit
    expect(12_000 * 10_000).toBeGreaterThan(MAX_HEIC_PIXELS);
    const started = performance.now();
    await expect(decodeHeic(hostile)).rejects.toThrow(`12000×10000 pixels is over the limit of ${MAX_HEIC_PIXELS}`);
    // Decoding 120 MP would take many seconds and about 1.5 GB; refusing takes the thread's start.
    expect(performance.now() - started).toBeLessThan(5000);
    const whole = await decodeHeic(await readFile(fixturePath("heic/samplefilehub.heif")));
    expect([whole.width, whole.height]).toEqual([640, 426]);
  }, 30_000);

  it(`runs at most ${MAX_CONCURRENT_HEIC_DECODES} decodes at once; the others wait their turn and all finish`, async () => {
    const heif = await readFile(fixturePath("heic/samplefilehub.heif"));
    threads.most = 0;
    const hostile = await heicDeclaring(20_000, 20_000);
    const outcomes = await Promise.allSettled([heif, hostile, heif, heif, heif.subarray(0, 512), heif].map((file) => decodeHeic(file)));
    expect(outcomes.map((outcome) => outcome.status)).toEqual(["fulfilled", "rejected", "fulfilled", "fulfilled", "rejected", "fulfilled"]);
    expect(threads.most).toBe(MAX_CONCURRENT_HEIC_DECODES);
    expect(threads.alive).toBe(0);
  }, 60_000);
});
