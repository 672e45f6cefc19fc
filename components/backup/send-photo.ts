import { apiRequest, errorFromBody, redirectToLogin, type Photo } from "@/components/library/api";
import type { AttemptOutcome, BackupEntry } from "@/components/backup/backup-entry";

const OFFLINE_MESSAGE = "Waiting for the network.";
const INTERRUPTED_MESSAGE = "The connection was lost; it will be tried again.";

/** Statuses the same request may pass later: the server is busy, restarting or briefly down. */
const isTransient = (status: number) => status === 408 || status === 429 || status >= 500;

/** What an answer of `POST /api/v1/photos` means for the queue. */
export function outcomeOf(status: number, body: unknown): AttemptOutcome {
  if (status === 200 || status === 201) {
    const { photo, duplicate } = (body ?? {}) as { photo?: Photo; duplicate?: boolean };
    return status === 200 && duplicate
      ? { kind: "duplicate", photoId: photo?.id ?? null }
      : { kind: "uploaded", photoId: photo?.id ?? null };
  }
  const { message } = errorFromBody(status, body);
  return isTransient(status) || status === 401 ? { kind: "unavailable", message } : { kind: "rejected", message };
}

/** The multipart body of an upload: the fields first (the server reads them before it streams the file). */
export function uploadForm(entry: BackupEntry, file: Blob): FormData {
  const form = new FormData();
  if (entry.sha256) form.append("sha256", entry.sha256);
  if (entry.lastModified) form.append("lastModified", String(Math.trunc(entry.lastModified)));
  form.append("file", file, entry.name);
  return form;
}

/** Which of these hashes the library already has (`POST /api/v1/photos/check`). */
export async function findExisting(hashes: string[]): Promise<Set<string>> {
  if (!hashes.length) return new Set();
  const { existing } = await apiRequest<{ existing: string[] }>("/api/v1/photos/check", {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ sha256: hashes }),
  });
  return new Set(existing);
}

export const unavailable = (): AttemptOutcome => ({
  kind: "unavailable",
  message: typeof navigator !== "undefined" && !navigator.onLine ? OFFLINE_MESSAGE : INTERRUPTED_MESSAGE,
});

/**
 * Sends one file to `POST /api/v1/photos` with its hash (the server checks it) and reports the
 * bytes sent; XMLHttpRequest because fetch has no upload progress.
 */
export function sendPhoto(
  entry: BackupEntry & { file: Blob },
  onProgress: (fraction: number) => void,
  signal: AbortSignal,
): Promise<AttemptOutcome> {
  return new Promise((resolve) => {
    const request = new XMLHttpRequest();
    signal.addEventListener("abort", () => request.abort(), { once: true });
    request.upload.addEventListener("progress", (event) => {
      if (event.lengthComputable && event.total > 0) onProgress(event.loaded / event.total);
    });
    request.addEventListener("load", () => {
      let body: unknown = null;
      try {
        body = JSON.parse(request.responseText);
      } catch {
        body = null;
      }
      if (request.status === 401) {
        redirectToLogin();
        return;
      }
      resolve(outcomeOf(request.status, body));
    });
    request.addEventListener("error", () => resolve(unavailable()));
    request.addEventListener("abort", () => resolve(unavailable()));
    request.addEventListener("timeout", () => resolve(unavailable()));

    request.open("POST", "/api/v1/photos");
    request.setRequestHeader("accept", "application/json");
    request.send(uploadForm(entry, entry.file));
  });
}
