import { maxUploadBodyBytes } from "@/lib/photos/upload-limits";

/** How long a refused request's body is read before the answer goes anyway (nginx's lingering_time). */
const DISCARD_MS = 30_000;

/**
 * Reads and drops the body of a request refused before reading it (a revoked token, an outage).
 * Answered while the client still sends, Node's server closes the connection under it: a browser
 * then reads the answer, but Node's fetch and many HTTP libraries report only the failed write
 * (EPIPE), so a phone with a revoked token would retry for ever instead of asking to sign in.
 * Bounded in time and size; past either, the answer goes as it would have.
 */
export async function discardUnreadBody(request: Request): Promise<void> {
  if (!request.body || request.bodyUsed || request.body.locked) return;
  const maxBytes = maxUploadBodyBytes();
  if (Number(request.headers.get("content-length")) > maxBytes) return;
  const reader = request.body.getReader();
  const timer = setTimeout(() => void reader.cancel().catch(() => {}), DISCARD_MS);
  try {
    for (let bytes = 0; bytes <= maxBytes; ) {
      const { done, value } = await reader.read();
      if (done) return;
      bytes += value.byteLength;
    }
    await reader.cancel();
  } catch {
    // The client went away: there is no one left to answer.
  } finally {
    clearTimeout(timer);
  }
}
