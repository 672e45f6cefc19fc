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
  current = { owner, queue };
  return queue;
}
