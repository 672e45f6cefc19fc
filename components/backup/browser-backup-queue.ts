import { apiRequest } from "@/components/api-client";
import * as backupDb from "@/components/backup/backup-db";
import { BACKUP_SYNC_TAG, BackupQueue, TransportUnavailableError, type BackupTransport } from "@/components/backup/backup-queue";
import { unavailable } from "@/components/backup/upload-outcome";

/**
 * Hashing (hash-wasm) and sending (tus-js-client) load when the queue first has a file, not with
 * the page: on a slow phone network the grid's first screen of thumbnails doesn't share the line
 * with them.
 */
const notLoaded = (error: unknown) => Promise.reject(new TransportUnavailableError(String(error)));
const loadHasher = () => import("@/components/backup/hash-file").catch(notLoaded);
const loadSender = () => import("@/components/backup/send-photo").catch(notLoaded);

const transport: BackupTransport = {
  hash: async (file) => (await loadHasher()).sha256OfFile(file),
  findExisting: async (hashes) => (await loadSender()).findExisting(hashes),
  send: (entry, events, signal) => loadSender().then((sender) => sender.sendPhoto(entry, events, signal), unavailable),
  unavailable,
};

let current: { owner: string; queue: BackupQueue } | null = null;

/**
 * The page's one backup queue for the signed-in user: it outlives the components that show it, so
 * moving between pages of the app does not interrupt a backup.
 */
export function backupQueueFor(owner: string): BackupQueue {
  if (current?.owner === owner) return current.queue;
  current?.queue.stop();
  const queue = new BackupQueue(owner, backupDb, transport);
  notifyRunsFinishedInBackground(queue);
  continueInBackground(queue);
  current = { owner, queue };
  return queue;
}

/**
 * When a backup run ends while the app is in the background, the server sends "your photos are
 * backed up" to the person's subscribed devices (nothing happens if they subscribed none).
 */
function notifyRunsFinishedInBackground(queue: BackupQueue) {
  let uploadedInRun = 0;
  queue.onUploaded(() => uploadedInRun++);
  let wasPending = false;
  queue.subscribe(() => {
    const { summary, role } = queue.getSnapshot();
    const pending = summary.pending > 0;
    if (wasPending && !pending && role === "runner" && uploadedInRun > 0 && document.visibilityState === "hidden") {
      void apiRequest("/api/v1/push/backup-finished", {
        method: "POST",
        json: { count: uploadedInRun },
        keepalive: true,
        on401: "throw",
      }).catch(() => {});
    }
    if (!pending) uploadedInRun = 0;
    wasPending = pending;
  });
}

type SyncRegistration = ServiceWorkerRegistration & { sync?: { register(tag: string): Promise<void> } };

/**
 * Where the browser has Background Sync (Chromium), files still waiting when the network drops or
 * the page is left are finished by the service worker once the network is back, page open or not.
 */
function continueInBackground(queue: BackupQueue) {
  if (typeof navigator === "undefined" || !("serviceWorker" in navigator)) return;
  const register = () => {
    if (queue.getSnapshot().summary.pending === 0) return;
    void navigator.serviceWorker.ready
      .then((registration) => (registration as SyncRegistration).sync?.register(BACKUP_SYNC_TAG))
      .catch(() => {});
  };
  let waiting = false;
  queue.subscribe(() => {
    const nowWaiting = queue.getSnapshot().summary.nextRetryAt !== null;
    if (nowWaiting && !waiting) register();
    waiting = nowWaiting;
  });
  document.addEventListener("visibilitychange", () => {
    if (document.visibilityState === "hidden") register();
  });
}
