import { createHash } from "node:crypto";
import { fileTypeFromBuffer } from "file-type";
import { unsupportedMediaType } from "@/lib/errors";

/** Judged by content, never by name or the client's Content-Type. */
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
]);

/** Bytes file-type needs to recognise every supported format. */
const SNIFF_BYTES = 4100;

/**
 * Reads the first chunks of an original until its type can be told, and refuses anything that is
 * not a supported image (415) before the rest is read.
 */
export async function readImageHead(chunks: AsyncIterator<Buffer>): Promise<{ head: Buffer[]; contentType: string }> {
  const head: Buffer[] = [];
  let headBytes = 0;
  while (headBytes < SNIFF_BYTES) {
    const next = await chunks.next();
    if (next.done) break;
    head.push(next.value);
    headBytes += next.value.length;
  }
  if (headBytes === 0) throw unsupportedMediaType("The file is empty.");
  const detected = await fileTypeFromBuffer(Buffer.concat(head));
  if (!detected || !SUPPORTED_IMAGE_TYPES.has(detected.mime)) {
    throw unsupportedMediaType(
      `This file is ${detected ? detected.mime : "not an image"}; supported are JPEG, PNG, WebP, HEIC/HEIF, AVIF, GIF and TIFF.`,
    );
  }
  return { head, contentType: detected.mime };
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
