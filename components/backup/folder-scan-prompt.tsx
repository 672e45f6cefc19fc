"use client";

import { useEffect, useState } from "react";
import { allowFolder, canKeepFolders, scanFolder, scanFolders, type BackupFolder } from "@/components/backup/backup-folders";
import { useBackupQueue } from "@/components/backup/backup-provider";
import { primaryButtonClass, secondaryButtonClass } from "@/components/form-controls";

/**
 * On opening the app: new photos in the kept folders are queued; folders the browser wants
 * permission for again get a prompt (the permission request needs the person's click).
 */
export function FolderScanPrompt() {
  const queue = useBackupQueue();
  const [waiting, setWaiting] = useState<BackupFolder[]>([]);

  useEffect(() => {
    if (!canKeepFolders()) return;
    let cancelled = false;
    void scanFolders(queue).then((result) => {
      if (!cancelled) setWaiting(result.waiting);
    });
    return () => {
      cancelled = true;
    };
  }, [queue]);

  const [folder] = waiting;
  if (!folder) return null;
  return (
    <div
      role="region"
      aria-label="Folder backup"
      className="mx-3 mt-3 flex flex-wrap items-center gap-3 rounded-xl border border-indigo-200 bg-indigo-50 px-4 py-3 text-sm sm:mx-6 dark:border-indigo-900 dark:bg-indigo-950/50"
    >
      <p className="min-w-0 flex-1">
        Allow Photo Backup to look for new photos in “{folder.name}”
        {waiting.length > 1 && ` and ${waiting.length - 1} more ${waiting.length === 2 ? "folder" : "folders"}`}.
      </p>
      <button
        type="button"
        className={primaryButtonClass}
        onClick={async () => {
          for (const each of waiting) if (await allowFolder(each)) await scanFolder(each, queue);
          setWaiting([]);
        }}
      >
        Allow
      </button>
      <button type="button" className={secondaryButtonClass} onClick={() => setWaiting([])}>
        Not now
      </button>
    </div>
  );
}
