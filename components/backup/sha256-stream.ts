import { createSHA256 } from "hash-wasm";

/** Hex SHA-256 of a file, read a chunk at a time (never the whole file in memory). */
export async function streamSha256(file: Blob): Promise<string> {
  const hasher = await createSHA256();
  hasher.init();
  const reader = file.stream().getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    hasher.update(value);
  }
  return hasher.digest("hex");
}
