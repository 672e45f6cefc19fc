import { readFile } from "node:fs/promises";
import path from "node:path";

export const fixturePath = (name: string) => path.resolve("tests/fixtures/photos", name);

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
