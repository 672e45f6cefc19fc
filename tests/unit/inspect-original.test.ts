import { describe, expect, it } from "vitest";
import { readMediaHead } from "@/lib/photos/inspect-original";
import { tiffWithIfdAtEnd } from "@/tests/support/fixtures";

/** The bytes as busboy hands them over, 1 KB at a time, counting how many were read. */
function chunksOf(bytes: Buffer) {
  let read = 0;
  async function* chunks() {
    for (let at = 0; at < bytes.length; at += 1024) {
      const chunk = bytes.subarray(at, at + 1024);
      read += chunk.length;
      yield chunk;
    }
  }
  return { chunks: chunks(), read: () => read };
}

/** A TIFF-family header whose first directory is said to be at `ifdOffset`, padded with zeros. */
function tiffHeader(magic: string, ifdOffset: number, length = 8192): Buffer {
  const bytes = Buffer.alloc(length);
  bytes.write(magic, 0, "latin1");
  if (magic.startsWith("MM")) bytes.writeUInt32BE(ifdOffset, 4);
  else bytes.writeUInt32LE(ifdOffset, 4);
  return bytes;
}

describe("readMediaHead", () => {
  it("accepts a TIFF whose directory follows the pixels beyond the sniffed prefix, reading only the prefix", async () => {
    const tiff = tiffWithIfdAtEnd(128, 96);
    const { chunks, read } = chunksOf(tiff);
    await expect(readMediaHead(chunks)).resolves.toMatchObject({ contentType: "image/tiff" });
    expect(read()).toBeLessThan(6 * 1024);
  });

  it.each(["II*\0", "MM\0*", "IIRO", "IIRS", "IIU\0"])("accepts the TIFF-based header %j with its directory beyond the prefix", async (magic) => {
    await expect(readMediaHead(chunksOf(tiffHeader(magic, 1_000_000)).chunks)).resolves.toMatchObject({ contentType: "image/tiff" });
  });

  it("keeps the camera RAW type file-type tells from a TIFF header", async () => {
    const cr2 = tiffHeader("II*\0", 16);
    cr2.write("CR", 8, "latin1");
    const nef = tiffHeader("II*\0", 8);
    nef.writeUInt16LE(0x1c, 8);
    nef.writeUInt16LE(0xfe, 10);
    await expect(readMediaHead(chunksOf(cr2).chunks)).resolves.toMatchObject({ contentType: "image/x-canon-cr2" });
    await expect(readMediaHead(chunksOf(nef).chunks)).resolves.toMatchObject({ contentType: "image/x-nikon-nef" });
  });

  it("accepts a directory that starts in the prefix and ends beyond it", async () => {
    const bytes = tiffHeader("II*\0", 5100);
    bytes.writeUInt16LE(20, 5100);
    await expect(readMediaHead(chunksOf(bytes).chunks)).resolves.toMatchObject({ contentType: "image/tiff" });
  });

  it.each([
    ["a whole file shorter than the prefix, whose directory would be past its end", tiffHeader("MM\0*", 9000, 2000)],
    ["HTML", Buffer.from("<!doctype html><html><body>" + "x".repeat(5000))],
    ["SVG", Buffer.from('<svg xmlns="http://www.w3.org/2000/svg">' + " ".repeat(5000) + "</svg>")],
    ["a zip", Buffer.concat([Buffer.from("PK\x03\x04", "latin1"), Buffer.alloc(5000)])],
    ["text starting with MM", Buffer.from("MM, a text file " + "y".repeat(5000))],
  ])("refuses %s with 415", async (_, bytes) => {
    await expect(readMediaHead(chunksOf(bytes).chunks)).rejects.toMatchObject({ code: "unsupported_media_type" });
  });
});
