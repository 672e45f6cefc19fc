import { readFile } from "node:fs/promises";
import path from "node:path";

export const fixturePath = (name: string) => path.resolve("tests/fixtures/photos", name);
/** Live Photo stills and clips (tests/fixtures/live/README.md). */
export const liveFixturePath = (name: string) => path.resolve("tests/fixtures/live", name);
/** Motion Photos (tests/fixtures/motion/README.md). */
export const motionFixturePath = (name: string) => path.resolve("tests/fixtures/motion", name);

/**
 * heic/samplefilehub.heif (640×426) with its one `ispe` box (image spatial extents: version and
 * flags, then width and height, 32-bit big-endian) claiming another size: a hostile HEIC, 29 KB on
 * disk, that would decode to width × height pixels.
 */
export async function heicDeclaring(width: number, height: number): Promise<Buffer> {
  const file = await readFile(fixturePath("heic/samplefilehub.heif"));
  const ispe = file.indexOf("ispe");
  if (ispe < 0 || file.indexOf("ispe", ispe + 1) >= 0) throw new Error("expected exactly one ispe box");
  file.writeUInt32BE(width, ispe + 8);
  file.writeUInt32BE(height, ispe + 12);
  return file;
}

/**
 * A big-endian ("MM\0*") uncompressed RGB TIFF, width × height pixels of a gradient, whose one
 * directory (IFD) follows the pixels at the end of the file, as some scanners and editors write
 * it; libvips writes its IFD first, so it is laid out here by hand.
 */
export function tiffWithIfdAtEnd(width = 64, height = 48): Buffer {
  const pixels = Buffer.alloc(width * height * 3);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) pixels.set([Math.floor((x * 255) / width), Math.floor((y * 255) / height), 128], (y * width + x) * 3);
  }
  const pixelsAt = 8;
  const bitsPerSampleAt = pixelsAt + pixels.length;
  const ifdAt = bitsPerSampleAt + 6;
  // Tag, type (3 SHORT, 4 LONG), count, value (or the offset of the values when they need more than 4 bytes).
  const entries: [number, number, number, number][] = [
    [256, 4, 1, width], // ImageWidth
    [257, 4, 1, height], // ImageLength
    [258, 3, 3, bitsPerSampleAt], // BitsPerSample 8, 8, 8
    [259, 3, 1, 1], // Compression: none
    [262, 3, 1, 2], // PhotometricInterpretation: RGB
    [273, 4, 1, pixelsAt], // StripOffsets
    [277, 3, 1, 3], // SamplesPerPixel
    [278, 4, 1, height], // RowsPerStrip
    [279, 4, 1, pixels.length], // StripByteCounts
    [284, 3, 1, 1], // PlanarConfiguration: chunky
  ];
  const ifd = Buffer.alloc(2 + entries.length * 12 + 4);
  ifd.writeUInt16BE(entries.length, 0);
  entries.forEach(([tag, type, count, value], index) => {
    const at = 2 + index * 12;
    ifd.writeUInt16BE(tag, at);
    ifd.writeUInt16BE(type, at + 2);
    ifd.writeUInt32BE(count, at + 4);
    if (type === 3 && count === 1) ifd.writeUInt16BE(value, at + 8);
    else ifd.writeUInt32BE(value, at + 8);
  });
  const header = Buffer.from([0x4d, 0x4d, 0x00, 0x2a, 0, 0, 0, 0]);
  header.writeUInt32BE(ifdAt, 4);
  const bitsPerSample = Buffer.from([0, 8, 0, 8, 0, 8]);
  return Buffer.concat([header, pixels, bitsPerSample, ifd]);
}

/** The videos made by tests/fixtures/videos/make-videos.sh. */
export const videoFixturePath = (name: string) => path.resolve("tests/fixtures/videos", name);
