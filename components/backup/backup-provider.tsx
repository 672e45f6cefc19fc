"use client";

import { createContext, useContext, useEffect, useSyncExternalStore, type ReactNode } from "react";
import type { BackupQueue, BackupSnapshot } from "@/components/backup/backup-queue";
import { backupQueueFor } from "@/components/backup/browser-backup-queue";

const BackupQueueContext = createContext<BackupQueue | null>(null);

export function useBackupQueue(): BackupQueue {
  const queue = useContext(BackupQueueContext);
  if (!queue) throw new Error("useBackupQueue() outside <BackupProvider>");
  return queue;
}

/** Where the backup stands; null while the server renders and the page hydrates. */
export function useBackupSnapshot(): BackupSnapshot | null {
  const queue = useBackupQueue();
  return useSyncExternalStore(queue.subscribe, queue.getSnapshot, () => null);
}

/**
 * The signed-in user's backup queue, for the library, the header's status and the folder settings.
 * Resumes what an earlier visit left in it once the page is up.
 */
export function BackupProvider({
  owner,
  children,
}: {
  /** The signed-in user's id: the queue uploads only their files. */
  owner: string;
  children: ReactNode;
}) {
  const queue = backupQueueFor(owner);
  useEffect(() => {
    void queue.start();
  }, [queue]);
  return <BackupQueueContext.Provider value={queue}>{children}</BackupQueueContext.Provider>;
}
