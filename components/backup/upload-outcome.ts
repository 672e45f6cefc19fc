import { errorFromBody, type Photo } from "@/components/library/api";
import type { AttemptOutcome, BackupEntry } from "@/components/backup/backup-entry";

/** Statuses the same request may pass later: the server is busy, restarting or briefly down. */
const isTransient = (status: number) => status === 408 || status === 429 || status >= 500;

const OFFLINE_MESSAGE = "Waiting for the network.";
const INTERRUPTED_MESSAGE = "The connection was lost; it will be tried again.";

/** The outcome of an attempt the network cut short: the file is fine, it is tried again later. */
export const unavailable = (): AttemptOutcome => ({
  kind: "unavailable",
  message: typeof navigator !== "undefined" && !navigator.onLine ? OFFLINE_MESSAGE : INTERRUPTED_MESSAGE,
});

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

/**
 * The multipart body of an upload: the fields first (the server reads them before the file, and
 * with the size it streams the file straight into the store).
 */
export function uploadForm(entry: BackupEntry, file: Blob): FormData {
  const form = new FormData();
  form.append("size", String(file.size));
  if (entry.sha256) form.append("sha256", entry.sha256);
  if (entry.lastModified) form.append("lastModified", String(Math.trunc(entry.lastModified)));
  form.append("file", file, entry.name);
  return form;
}

