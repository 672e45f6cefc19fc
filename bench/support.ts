import { readFile } from "node:fs/promises";
import { request } from "node:http";
import { randomBytes } from "node:crypto";

export function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

async function childPids(pid: number): Promise<number[]> {
  const children = await readFile(`/proc/${pid}/task/${pid}/children`, "utf8").catch(() => "");
  return children.split(/\s+/).filter(Boolean).map(Number);
}

/** The web server (`next-server`, started by the launcher) among the launcher's descendants. */
export async function webServerPid(launcherPid: number): Promise<number> {
  const pending = [launcherPid];
  while (pending.length) {
    const pid = pending.shift()!;
    const command = await readFile(`/proc/${pid}/cmdline`, "utf8").catch(() => "");
    if (pid !== launcherPid && /next-server|next\/dist\/bin\/next\u0000start/.test(command)) return pid;
    pending.push(...(await childPids(pid)));
  }
  throw new Error("no next start process found under the launcher");
}

const rssKb = async (pid: number) => Number(/VmRSS:\s+(\d+)/.exec(await readFile(`/proc/${pid}/status`, "utf8"))?.[1] ?? 0);

/** Samples a process's resident memory every 20 ms while `work` runs. */
export async function peakRssDuring<T>(pid: number, work: () => Promise<T>) {
  const baselineKb = await rssKb(pid);
  let peakKb = baselineKb;
  let running = true;
  const sampler = (async () => {
    while (running) {
      peakKb = Math.max(peakKb, await rssKb(pid));
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  })();
  try {
    const result = await work();
    return { baselineKb, result, peakKb };
  } finally {
    running = false;
    await sampler;
  }
}

/** A multipart body of a JPEG head followed by `size` bytes, generated as it is sent (the bench holds 1 MB). */
export function multipartBody(jpegHead: Buffer, size: number) {
  const boundary = `bench${randomBytes(8).toString("hex")}`;
  const preamble = Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="big.jpg"\r\nContent-Type: image/jpeg\r\n\r\n`);
  const epilogue = Buffer.from(`\r\n--${boundary}--\r\n`);
  const chunk = randomBytes(1024 * 1024);
  const fill = size - jpegHead.length;
  let sent = 0;
  const body = new ReadableStream<Uint8Array>({
    start(controller) {
      controller.enqueue(preamble);
      controller.enqueue(jpegHead);
    },
    pull(controller) {
      if (sent >= fill) {
        controller.enqueue(epilogue);
        controller.close();
        return;
      }
      const next = chunk.subarray(0, Math.min(chunk.length, fill - sent));
      sent += next.length;
      controller.enqueue(next);
    },
  });
  return { body, contentType: `multipart/form-data; boundary=${boundary}`, contentLength: preamble.length + size + epilogue.length };
}

/** A multipart body with fields and then one file part, as one buffer. */
export function encodeMultipart(file: Buffer, filename: string, fields: Record<string, string> = {}) {
  const boundary = `bench${randomBytes(8).toString("hex")}`;
  const body = Buffer.concat([
    ...Object.entries(fields).map(([name, value]) =>
      Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`),
    ),
    Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${filename}"\r\nContent-Type: application/octet-stream\r\n\r\n`),
    file,
    Buffer.from(`\r\n--${boundary}--\r\n`),
  ]);
  return { body, contentType: `multipart/form-data; boundary=${boundary}` };
}

/** POSTs one buffer with node:http, as the SDK's PutObject sends its body, and reads the answer. */
export function postBuffer(url: string, headers: Record<string, string>, body: Buffer): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const outgoing = request(url, { method: "POST", headers: { ...headers, "content-length": String(body.length) } }, (response) => {
      const chunks: Buffer[] = [];
      response.on("data", (chunk: Buffer) => chunks.push(chunk));
      response.on("end", () => resolve({ status: response.statusCode ?? 0, text: Buffer.concat(chunks).toString("utf8") }));
      response.on("error", reject);
    });
    outgoing.on("error", reject);
    outgoing.end(body);
  });
}
