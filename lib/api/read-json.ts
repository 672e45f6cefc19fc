import { badRequest, payloadTooLarge } from "@/lib/errors";

/** More than any JSON body this API takes but /check's, which says its own. */
const MAX_JSON_BODY_BYTES = 64 * 1024;

const tooLarge = (maxBytes: number) => payloadTooLarge(maxBytes, "request body");

/**
 * A request's JSON body, read up to `maxBytes`: a larger Content-Length is refused before reading,
 * and a body without one stops being read at the limit (some routes read JSON before knowing who
 * sends it: sign-up, sign-in for a token). A route whose body is optional gives `emptyBody`, the
 * value of no body at all.
 */
export async function readJson(request: Request, { maxBytes = MAX_JSON_BODY_BYTES, emptyBody }: { maxBytes?: number; emptyBody?: unknown } = {}): Promise<unknown> {
  if (Number(request.headers.get("content-length")) > maxBytes) throw tooLarge(maxBytes);
  const chunks: Uint8Array[] = [];
  let bytes = 0;
  if (request.body) {
    const reader = request.body.getReader();
    for (let next = await reader.read(); !next.done; next = await reader.read()) {
      bytes += next.value.byteLength;
      if (bytes > maxBytes) {
        await reader.cancel();
        throw tooLarge(maxBytes);
      }
      chunks.push(next.value);
    }
  }
  if (bytes === 0 && emptyBody !== undefined) return emptyBody;
  try {
    return JSON.parse(Buffer.concat(chunks).toString("utf8"));
  } catch {
    throw badRequest("The request body must be JSON.");
  }
}
