"use client";

import { useEffect, useRef, useState } from "react";
import {
  allowFolder,
  canKeepFolders,
  chooseFolder,
  folderAccess,
  forgetFolder,
  listFolders,
  queuePickedFolder,
  scanFolder,
  type BackupFolder,
} from "@/components/backup/backup-folders";
import { useBackupQueue, useBackupSnapshot } from "@/components/backup/backup-provider";
import { backupSummaryText } from "@/components/backup/backup-summary-text";
import { primaryButtonClass, secondaryButtonClass } from "@/components/form-controls";
import { formatSince } from "@/components/format-since";
import { useHydrated } from "@/components/use-hydrated";

interface FolderRow {
  folder: BackupFolder;
  access: PermissionState;
}

async function folderRows(owner: string): Promise<FolderRow[]> {
  const folders = await listFolders(owner);
  return Promise.all(folders.map(async (folder) => ({ folder, access: await folderAccess(folder) })));
}

const queuedText = (count: number) =>
  count === 0 ? "No new photos found." : `${count} new ${count === 1 ? "photo" : "photos"} queued for backup.`;

/** Settings: the folders whose new photos are backed up each time the app opens. */
export function FolderBackup() {
  const hydrated = useHydrated();
  const queue = useBackupQueue();
  const { owner } = queue;
  const snapshot = useBackupSnapshot();
  const [rows, setRows] = useState<FolderRow[] | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const inputRef = useRef<HTMLInputElement>(null);

  const refresh = async () => setRows(await folderRows(owner));

  useEffect(() => {
    let cancelled = false;
    void folderRows(owner).then((next) => {
      if (!cancelled) setRows(next);
    });
    return () => {
      cancelled = true;
    };
  }, [owner]);

  const run = async (task: () => Promise<string | null>) => {
    setBusy(true);
    try {
      const message = await task();
      if (message) setNotice(message);
    } catch (error) {
      setNotice(`That did not work: ${(error as Error).message}`);
    } finally {
      setBusy(false);
      await refresh();
    }
  };

  const add = () =>
    run(async () => {
      const folder = await chooseFolder(owner);
      if (!folder) return null;
      return `“${folder.name}” added. ${queuedText(await scanFolder(folder, queue))}`;
    });

  if (!hydrated) return null;
  const keeps = canKeepFolders();

  return (
    <div data-testid="folder-backup">
      {keeps ? (
        <>
          {rows && rows.length > 0 && (
            <ul className="mb-4 divide-y divide-neutral-200 rounded-xl border border-neutral-200 dark:divide-neutral-800 dark:border-neutral-800">
              {rows.map(({ folder, access }) => (
                <li key={folder.id} data-testid="backup-folder" className="flex flex-wrap items-center gap-3 px-4 py-3">
                  <div className="min-w-0 flex-1">
                    <p className="truncate font-medium">{folder.name}</p>
                    <p className="text-xs text-neutral-600 dark:text-neutral-400">
                      {access === "granted"
                        ? folder.lastScanAt
                          ? `Checked ${formatSince(folder.lastScanAt)}`
                          : "Not checked yet"
                        : "Needs your permission to look for new photos"}
                    </p>
                  </div>
                  {access === "granted" ? (
                    <button
                      type="button"
                      disabled={busy}
                      className={secondaryButtonClass}
                      onClick={() => run(async () => queuedText(await scanFolder(folder, queue)))}
                    >
                      Check now
                    </button>
                  ) : (
                    <button
                      type="button"
                      disabled={busy}
                      className={primaryButtonClass}
                      onClick={() =>
                        run(async () => ((await allowFolder(folder)) ? queuedText(await scanFolder(folder, queue)) : null))
                      }
                    >
                      Allow
                    </button>
                  )}
                  <button
                    type="button"
                    disabled={busy}
                    className={secondaryButtonClass}
                    onClick={() => run(async () => (await forgetFolder(folder), `“${folder.name}” is no longer backed up.`))}
                  >
                    Remove<span className="sr-only"> {folder.name}</span>
                  </button>
                </li>
              ))}
            </ul>
          )}
          <button type="button" disabled={busy} onClick={add} className={primaryButtonClass}>
            Add a folder
          </button>
        </>
      ) : (
        <>
          <p className="mb-4 text-sm text-neutral-600 dark:text-neutral-400">
            This browser cannot keep watching a folder. Choose your photo folder whenever you want to back it up: only
            photos not sent from it before are uploaded.
          </p>
          <button type="button" disabled={busy} onClick={() => inputRef.current?.click()} className={primaryButtonClass}>
            Choose a folder
          </button>
          <input
            ref={inputRef}
            type="file"
            hidden
            multiple
            data-testid="folder-input"
            aria-label="Choose a folder to back up"
            {...{ webkitdirectory: "" }}
            onChange={(event) => {
              const files = Array.from(event.currentTarget.files ?? []);
              event.currentTarget.value = "";
              void run(async () => queuedText(await queuePickedFolder(files, queue)));
            }}
          />
        </>
      )}
      <p role="status" data-testid="folder-notice" className="mt-3 text-sm text-neutral-700 dark:text-neutral-300">
        {notice}
        {snapshot && snapshot.summary.pending > 0 && ` ${backupSummaryText(snapshot)}.`}
      </p>
    </div>
  );
}
