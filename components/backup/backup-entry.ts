/**
 * One file in the backup queue and the rules that move it along: queued → uploading → done,
 * duplicate (the library already has these bytes) or failed (the server refused it, with why).
 * Pure functions of the entry and what happened, so the queue's behaviour is testable alone.
 */

export type BackupEntryStatus = "queued" | "uploading" | "done" | "duplicate" | "failed";

/** Where a file came from: picked, dropped on the page, shared from another app, or found in a backed-up folder. */
export type BackupSource = "picker" | "drop" | "share" | "folder";

export interface BackupEntry {
  readonly id: string;
  /** The signed-in user who queued it; null for a file shared into the app before anyone opened it. */
  readonly owner: string | null;
  /** The bytes, kept until the server has them; null once backed up (or if the browser had no room). */
  readonly file: Blob | null;
  /** For a file in a backed-up folder: where to read it when its turn comes (its bytes are not copied). */
  readonly handle: FileSystemFileHandle | null;
  readonly name: string;
  readonly size: number;
  readonly lastModified: number;
  readonly source: BackupSource;
  readonly addedAt: number;
  readonly status: BackupEntryStatus;
  /** Hex SHA-256 of the file, once hashed. */
  readonly sha256: string | null;
  /** Tries in a row that the network or the server's availability cut short. */
  readonly attempts: number;
  /** Not tried again before this time (ms since epoch): the backoff after a failed try. */
  readonly retryAt: number;
  /** Why it failed, or why it waits, in words. */
  readonly message: string | null;
  readonly photoId: string | null;
  readonly finishedAt: number | null;
  /**
   * Bytes were sent at least once: if the library has the file now, that was this upload (its
   * answer lost to a closed page or the network), not a photo backed up before.
   */
  readonly sent: boolean;
  /** A big file's resumable upload on the server (tus), so a retry sends only what it lacks. */
  readonly resumeUrl: string | null;
}

/** What one try at sending a file came to. */
export type AttemptOutcome =
  | { kind: "uploaded"; photoId: string | null }
  | { kind: "duplicate"; photoId: string | null }
  /** The server refused these bytes for good (not an image, too large…): trying again cannot help. */
  | { kind: "rejected"; message: string }
  /** The network or the server failed: the same request may work later. */
  | { kind: "unavailable"; message: string };

const FIRST_RETRY_MS = 2_000;
const MAX_RETRY_MS = 5 * 60_000;

/** 2 s, 4 s, 8 s… up to 5 minutes; `jitter` (0–1) spreads many clients' retries apart. */
export function backoffMs(attempts: number, jitter = 0.5): number {
  const base = Math.min(MAX_RETRY_MS, FIRST_RETRY_MS * 2 ** Math.max(0, attempts - 1));
  return Math.round(base * (0.75 + jitter * 0.5));
}

/** A file to queue: its bytes, or (from a backed-up folder) a handle to read them from later. */
export type QueuedFile = File | { file: File; handle: FileSystemFileHandle };

export function newEntry(
  queued: QueuedFile,
  { id, owner, source, now }: { id: string; owner: string | null; source: BackupSource; now: number },
): BackupEntry {
  const file = queued instanceof Blob ? queued : queued.file;
  const handle = queued instanceof Blob ? null : queued.handle;
  return {
    id,
    owner,
    file: handle ? null : file,
    handle,
    name: file.name || "Untitled",
    size: file.size,
    lastModified: file.lastModified,
    source,
    addedAt: now,
    status: "queued",
    sha256: null,
    attempts: 0,
    retryAt: 0,
    message: null,
    photoId: null,
    finishedAt: null,
    sent: false,
    resumeUrl: null,
  };
}

/** Entries for files queued together, in their order (each a millisecond-fraction later than the one before). */
export function newEntries(
  files: Iterable<QueuedFile>,
  { owner, source, now }: { owner: string | null; source: BackupSource; now: number },
): BackupEntry[] {
  return Array.from(files, (file, index) => newEntry(file, { id: crypto.randomUUID(), owner, source, now: now + index / 1000 }));
}

export const isPending = (entry: BackupEntry) => entry.status === "queued" || entry.status === "uploading";

/** Whether the queue may start this entry now. */
export const isDue = (entry: BackupEntry, now: number) => entry.status === "queued" && entry.retryAt <= now;

export const startAttempt = (entry: BackupEntry): BackupEntry => ({ ...entry, status: "uploading", message: null });

export const hashed = (entry: BackupEntry, sha256: string): BackupEntry => ({ ...entry, sha256 });

export const sending = (entry: BackupEntry): BackupEntry => (entry.sent ? entry : { ...entry, sent: true });

/** The library has these bytes: this entry's own earlier try, or a photo backed up before. */
export const foundInLibrary = (entry: BackupEntry): AttemptOutcome =>
  entry.sent ? { kind: "uploaded", photoId: null } : { kind: "duplicate", photoId: null };

/** The outcome of a try; the bytes are let go once the server has them. */
export function settle(entry: BackupEntry, outcome: AttemptOutcome, now: number, jitter?: number): BackupEntry {
  switch (outcome.kind) {
    case "uploaded":
    case "duplicate":
      return {
        ...entry,
        status: outcome.kind === "uploaded" ? "done" : "duplicate",
        file: null,
        handle: null,
        resumeUrl: null,
        photoId: outcome.photoId,
        attempts: 0,
        retryAt: 0,
        message: null,
        finishedAt: now,
      };
    case "rejected":
      return { ...entry, status: "failed", message: outcome.message, retryAt: 0, finishedAt: now };
    case "unavailable": {
      const attempts = entry.attempts + 1;
      return { ...entry, status: "queued", attempts, retryAt: now + backoffMs(attempts, jitter), message: outcome.message };
    }
  }
}

/** An entry left `uploading` by a page that closed or crashed: it goes back in line (the server dedups by hash). */
export const interrupted = (entry: BackupEntry): BackupEntry =>
  entry.status === "uploading" ? { ...entry, status: "queued", message: null } : entry;

/** The network came back: waiting out a backoff no longer makes sense. */
export const retryNow = (entry: BackupEntry): BackupEntry =>
  entry.status === "queued" && entry.retryAt > 0 ? { ...entry, retryAt: 0 } : entry;

/** The person asks to try a failed file again (it still has its bytes). */
export function retryFailed(entry: BackupEntry): BackupEntry {
  if (entry.status !== "failed" || !(entry.file || entry.handle)) return entry;
  return { ...entry, status: "queued", attempts: 0, retryAt: 0, message: null, finishedAt: null };
}

/** A file that could not be stored in the browser has no bytes after a reload: say so rather than wait forever. */
export function lostBytes(entry: BackupEntry): BackupEntry {
  if (!isPending(entry) || entry.file || entry.handle) return entry;
  return {
    ...entry,
    status: "failed",
    message: "This file was not kept for later (the browser had no room): choose it again.",
    finishedAt: entry.finishedAt ?? entry.addedAt,
  };
}

export interface BackupSummary {
  /** Files in this run: everything not cleared from the list. */
  total: number;
  pending: number;
  uploading: number;
  done: number;
  duplicates: number;
  failed: number;
  /** Bytes of files still to send, and of all files in the run (for overall progress). */
  pendingBytes: number;
  totalBytes: number;
  /** When the last file reached the server, if any in the list. */
  lastBackupAt: number | null;
  /** The soonest time a waiting file is tried again; null if none waits. */
  nextRetryAt: number | null;
}

export function summarize(entries: readonly BackupEntry[]): BackupSummary {
  const summary: BackupSummary = {
    total: entries.length,
    pending: 0,
    uploading: 0,
    done: 0,
    duplicates: 0,
    failed: 0,
    pendingBytes: 0,
    totalBytes: 0,
    lastBackupAt: null,
    nextRetryAt: null,
  };
  for (const entry of entries) {
    summary.totalBytes += entry.size;
    if (isPending(entry)) {
      summary.pending++;
      summary.pendingBytes += entry.size;
    }
    if (entry.status === "uploading") summary.uploading++;
    if (entry.status === "done") summary.done++;
    if (entry.status === "duplicate") summary.duplicates++;
    if (entry.status === "failed") summary.failed++;
    if ((entry.status === "done" || entry.status === "duplicate") && entry.finishedAt)
      summary.lastBackupAt = Math.max(summary.lastBackupAt ?? 0, entry.finishedAt);
    if (entry.status === "queued" && entry.retryAt > 0)
      summary.nextRetryAt = Math.min(summary.nextRetryAt ?? Infinity, entry.retryAt);
  }
  return summary;
}
