import {
  deleteFolder,
  filterUnseen,
  loadFolders,
  markSeen,
  saveFolder,
  type BackupFolder,
} from "@/components/backup/backup-db";
import type { QueuedFile } from "@/components/backup/backup-entry";
import type { BackupQueue } from "@/components/backup/backup-queue";
import { isMediaFile } from "@/components/backup/media-files";

export type { BackupFolder };

/** The parts of the File System Access API used here (not all in TypeScript's DOM types yet). */
type PermissionMode = { mode: "read" };
interface DirectoryHandle extends FileSystemDirectoryHandle {
  values(): AsyncIterable<FileSystemDirectoryHandle | FileSystemFileHandle>;
  queryPermission?(descriptor: PermissionMode): Promise<PermissionState>;
  requestPermission?(descriptor: PermissionMode): Promise<PermissionState>;
}
declare global {
  interface Window {
    showDirectoryPicker?(options?: { id?: string; mode?: "read"; startIn?: string }): Promise<FileSystemDirectoryHandle>;
  }
}

/** Whether this browser can keep a folder and look into it again on later visits (Chromium). */
export const canKeepFolders = () => typeof window !== "undefined" && typeof window.showDirectoryPicker === "function";

/** A file's identity for "is it new?": where it is, its size and its modification time. */
const fingerprint = (owner: string, folderId: string, path: string, file: File) =>
  `${owner}|${folderId}|${path}|${file.size}|${file.lastModified}`;

export const listFolders = loadFolders;

/** Asks for a folder to back up; null when the person cancels. The same folder twice is kept once. */
export async function chooseFolder(owner: string): Promise<BackupFolder | null> {
  let handle: FileSystemDirectoryHandle;
  try {
    handle = await window.showDirectoryPicker!({ id: "photo-backup", mode: "read", startIn: "pictures" });
  } catch (error) {
    if ((error as DOMException).name === "AbortError") return null;
    throw error;
  }
  for (const folder of await loadFolders(owner)) {
    if (await folder.handle.isSameEntry(handle)) return folder;
  }
  const folder: BackupFolder = { id: crypto.randomUUID(), owner, name: handle.name, handle, addedAt: Date.now(), lastScanAt: null };
  await saveFolder(folder);
  return folder;
}

export const forgetFolder = deleteFolder;

/** "granted", or "prompt" when the browser wants the person to allow reading the folder again. */
export async function folderAccess(folder: BackupFolder): Promise<PermissionState> {
  const handle = folder.handle as DirectoryHandle;
  return (await handle.queryPermission?.({ mode: "read" })) ?? "granted";
}

/** Must run in a click handler: the browser asks the person. */
export async function allowFolder(folder: BackupFolder): Promise<boolean> {
  const handle = folder.handle as DirectoryHandle;
  return ((await handle.requestPermission?.({ mode: "read" })) ?? "granted") === "granted";
}

async function* photosIn(
  directory: DirectoryHandle,
  path = "",
): AsyncGenerator<{ path: string; handle: FileSystemFileHandle; file: File }> {
  for await (const entry of directory.values()) {
    // Hidden folders and files: caches, thumbnails, trash.
    if (entry.name.startsWith(".")) continue;
    const entryPath = `${path}/${entry.name}`;
    if (entry.kind === "directory") {
      yield* photosIn(entry as DirectoryHandle, entryPath);
    } else {
      const file = await (entry as FileSystemFileHandle).getFile();
      if (isMediaFile(file)) yield { path: entryPath, handle: entry as FileSystemFileHandle, file };
    }
  }
}

/** Queues the files not seen before and remembers them; returns how many were queued. */
async function queueUnseen(items: { key: string; queued: QueuedFile }[], queue: BackupQueue): Promise<number> {
  const unseen = await filterUnseen(items.map((item) => item.key));
  const fresh = items.filter((item) => unseen.has(item.key));
  await queue.add(
    fresh.map((item) => item.queued),
    "folder",
  );
  await markSeen(
    fresh.map((item) => item.key),
    Date.now(),
  );
  return fresh.length;
}

/** Files are queued in batches, so a folder of thousands starts uploading before the scan ends. */
const BATCH = 200;

/**
 * Queues the photos in a folder that were not seen before (new name, size or modification time);
 * the queue then skips by hash any the library already has. Returns how many were queued.
 */
export async function scanFolder(folder: BackupFolder, queue: BackupQueue): Promise<number> {
  let queued = 0;
  let batch: { key: string; queued: QueuedFile }[] = [];
  for await (const { path, handle, file } of photosIn(folder.handle as DirectoryHandle)) {
    batch.push({ key: fingerprint(folder.owner, folder.id, path, file), queued: { file, handle } });
    if (batch.length < BATCH) continue;
    queued += await queueUnseen(batch, queue);
    batch = [];
  }
  queued += await queueUnseen(batch, queue);
  await saveFolder({ ...folder, lastScanAt: Date.now() });
  return queued;
}

let scanning: Promise<{ queued: number; waiting: BackupFolder[] }> | null = null;

/**
 * Scans every kept folder the browser still lets the app read; those it doesn't are returned, for
 * the page to ask the person. One scan at a time per page.
 */
export function scanFolders(queue: BackupQueue) {
  scanning ??= (async () => {
    let queued = 0;
    const waiting: BackupFolder[] = [];
    for (const folder of await loadFolders(queue.owner)) {
      if ((await folderAccess(folder)) !== "granted") {
        waiting.push(folder);
        continue;
      }
      queued += await scanFolder(folder, queue).catch(() => 0);
    }
    return { queued, waiting };
  })().finally(() => (scanning = null));
  return scanning;
}

/**
 * Where folders cannot be kept: the files of a folder picked with `webkitdirectory`, less those
 * queued from it before (so picking the same folder again sends only what is new).
 */
export function queuePickedFolder(files: File[], queue: BackupQueue): Promise<number> {
  const photos = files
    .filter(isMediaFile)
    .map((file) => ({ key: fingerprint(queue.owner, "picked", file.webkitRelativePath || file.name, file), queued: file }));
  return queueUnseen(photos, queue);
}
