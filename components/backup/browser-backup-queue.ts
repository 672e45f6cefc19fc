import * as backupDb from "@/components/backup/backup-db";
import { BackupQueue } from "@/components/backup/backup-queue";
import { sha256OfFile } from "@/components/backup/hash-file";
import { findExisting, sendPhoto, unavailable } from "@/components/backup/send-photo";

let current: { owner: string; queue: BackupQueue } | null = null;

/**
 * The page's one backup queue for the signed-in user: it outlives the components that show it, so
 * moving between pages of the app does not interrupt a backup.
 */
export function backupQueueFor(owner: string): BackupQueue {
  if (current?.owner === owner) return current.queue;
  current?.queue.stop();
  const queue = new BackupQueue(owner, backupDb, { hash: sha256OfFile, findExisting, send: sendPhoto, unavailable });
  notifyRunsFinishedInBackground(queue);
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
      void fetch("/api/v1/push/backup-finished", {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ count: uploadedInRun }),
        keepalive: true,
      }).catch(() => {});
    }
    if (!pending) uploadedInRun = 0;
    wasPending = pending;
  });
}
