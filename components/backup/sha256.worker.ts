import { streamSha256 } from "@/components/backup/sha256-stream";

/** Hashes files off the page's main thread: `{ id, file }` in, `{ id, sha256 }` or `{ id, error }` out. */
self.addEventListener("message", (event: MessageEvent<{ id: number; file: Blob }>) => {
  const { id, file } = event.data;
  streamSha256(file).then(
    (sha256) => self.postMessage({ id, sha256 }),
    (error: unknown) => self.postMessage({ id, error: error instanceof Error ? error.message : String(error) }),
  );
});
