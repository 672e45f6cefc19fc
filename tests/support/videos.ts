import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { expect } from "vitest";
import { probeVideo } from "@/lib/photos/probe-video";

/** The video a signed URL serves, probed as a browser would get it. */
export async function probeUrl(url: string) {
  const dir = await mkdtemp(path.join(tmpdir(), "probe-url-"));
  try {
    const response = await fetch(url);
    expect(response.status).toBe(200);
    const file = path.join(dir, "video");
    await writeFile(file, Buffer.from(await response.arrayBuffer()));
    return await probeVideo(file);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
