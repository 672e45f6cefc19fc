import { createHash } from "node:crypto";
import { fileTypeFromBuffer } from "file-type";
import type { MediaKind } from "@/lib/contract/photos";
import { unsupportedMediaType } from "@/lib/errors";

/** Camera RAW as file-type names it, stored as sent; the worker renders the preview each carries. PEF is a TIFF to file-type. */
export const RAW_IMAGE_TYPES = [
  "image/x-adobe-dng",
  "image/x-canon-cr2",
  "image/x-canon-cr3",
  "image/x-nikon-nef",
  "image/x-sony-arw",
  "image/x-olympus-orf",
  "image/x-panasonic-rw2",
  "image/x-fujifilm-raf",
];

/**
 * Judged by content, never by name or the client's Content-Type: every still type a camera or
 * phone writes, and any video file-type recognises (MP4, QuickTime, 3GP, WebM, Matroska, AVI,
 * MPEG and camcorders' MPEG-TS among them).
 */
const SUPPORTED_IMAGE_TYPES = new Set([
  "image/jpeg",
  "image/png",
  "image/webp",
  "image/heic",
  "image/heif",
  "image/heic-sequence",
  "image/heif-sequence",
  "image/avif",
  "image/gif",
  "image/tiff",
  "image/jxl",
  ...RAW_IMAGE_TYPES,
]);

const isSupported = (mime: string) => SUPPORTED_IMAGE_TYPES.has(mime) || mime.startsWith("video/");

export const mediaKindOf = (contentType: string): MediaKind => (contentType.startsWith("video/") ? "video" : "photo");

/** TIFF's two byte orders followed by 42, and the variants Olympus ORF and Panasonic RW2 start with instead. */
const TIFF_HEADERS = ["II*\0", "MM\0*", "IIRO", "IIRS", "IIU\0"].map((header) => Buffer.from(header, "latin1"));

/** Bytes file-type needs to recognise every supported format. */
const SNIFF_BYTES = 4100;

/**
 * Reads the first chunks of an original until its type can be told, and refuses anything that is
 * not a supported photo or video (415) before the rest is read.
 */
export async function readMediaHead(chunks: AsyncIterator<Buffer>): Promise<{ head: Buffer[]; contentType: string }> {
  const head: Buffer[] = [];
  let headBytes = 0;
  let wholeFile = false;
  while (headBytes < SNIFF_BYTES) {
    const next = await chunks.next();
    if (next.done) {
      wholeFile = true;
      break;
    }
    head.push(next.value);
    headBytes += next.value.length;
  }
  if (headBytes === 0) throw unsupportedMediaType("The file is empty.");
  const prefix = Buffer.concat(head);
  const detected = (await fileTypeFromBuffer(prefix)) ?? tiffWithIfdBeyond(prefix, wholeFile);
  if (!detected || !isSupported(detected.mime)) {
    throw unsupportedMediaType(
      `This file is ${detected ? detected.mime : "neither a photo nor a video"}; supported are JPEG, PNG, WebP, HEIC/HEIF, AVIF, GIF, TIFF, JPEG XL, camera RAW and videos.`,
    );
  }
  return { head, contentType: detected.mime };
}

/**
 * A TIFF may put its first directory (IFD) anywhere, often after the pixels at the end of the file,
 * and file-type, given only a prefix, cannot read it and answers nothing. A TIFF header whose
 * directory lies beyond the prefix then says TIFF; sharp tells in the worker whether it decodes.
 */
function tiffWithIfdBeyond(prefix: Buffer, wholeFile: boolean): { mime: string } | undefined {
  if (wholeFile || prefix.length < 8 || !TIFF_HEADERS.some((header) => prefix.subarray(0, header.length).equals(header))) return undefined;
  const bigEndian = prefix[0] === 0x4d;
  const ifdOffset = bigEndian ? prefix.readUInt32BE(4) : prefix.readUInt32LE(4);
  if (ifdOffset < 8) return undefined;
  const entries = ifdOffset + 2 <= prefix.length ? (bigEndian ? prefix.readUInt16BE(ifdOffset) : prefix.readUInt16LE(ifdOffset)) : 0;
  return ifdOffset + 2 + entries * 12 > prefix.length ? { mime: "image/tiff" } : undefined;
}

/** The head and then the rest of an original, counted and hashed as they pass: `digest()` once they have all passed. */
export function digestingBytes(head: Buffer[], rest: AsyncIterator<Buffer>) {
  const hash = createHash("sha256");
  let size = 0;
  const counted = (chunk: Buffer) => {
    hash.update(chunk);
    size += chunk.length;
    return chunk;
  };
  async function* bytes() {
    for (const chunk of head) yield counted(chunk);
    for (let next = await rest.next(); !next.done; next = await rest.next()) yield counted(next.value);
  }
  return { bytes: bytes(), digest: () => ({ size, sha256: hash.digest("hex") }) };
}
