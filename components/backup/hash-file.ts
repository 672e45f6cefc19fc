import { streamSha256 } from "@/components/backup/sha256-stream";

type HashReply = { id: number; sha256: string } | { id: number; error: string };
type Job = { file: Blob; resolve: (sha256: string) => void; reject: (error: Error) => void };

let worker: Worker | null | undefined;
let nextId = 1;
const waiting = new Map<number, Job>();

/** The worker could not start or died: its jobs, and all later ones, are hashed on the main thread. */
function abandonWorker() {
  worker?.terminate();
  worker = null;
  for (const [id, job] of waiting) {
    waiting.delete(id);
    streamSha256(job.file).then(job.resolve, job.reject);
  }
}

function hashWorker(): Worker | null {
  if (worker !== undefined) return worker;
  try {
    worker = new Worker(new URL("./sha256.worker.ts", import.meta.url), { type: "module" });
    worker.addEventListener("message", (event: MessageEvent<HashReply>) => {
      const reply = event.data;
      const job = waiting.get(reply.id);
      waiting.delete(reply.id);
      if ("sha256" in reply) job?.resolve(reply.sha256);
      else job?.reject(new Error(reply.error));
    });
    worker.addEventListener("error", abandonWorker);
  } catch {
    worker = null;
  }
  return worker;
}

/** Hex SHA-256 of a file, computed in a Web Worker (on the main thread where workers are unavailable). */
export function sha256OfFile(file: Blob): Promise<string> {
  const target = hashWorker();
  if (!target) return streamSha256(file);
  const id = nextId++;
  return new Promise((resolve, reject) => {
    waiting.set(id, { file, resolve, reject });
    target.postMessage({ id, file });
  });
}
