import { openDB, type DBSchema, type IDBPDatabase } from "idb";
import type { BackupEntry } from "@/components/backup/backup-entry";

/** A folder whose new photos are backed up each time the app opens. */
export interface BackupFolder {
  id: string;
  owner: string;
  name: string;
  /** A File System Access handle (Chromium); kept so the folder can be scanned again on later visits. */
  handle: FileSystemDirectoryHandle;
  addedAt: number;
  lastScanAt: number | null;
}

/**
 * The backup queue as the browser keeps it: every file picked, dropped or shared, with its bytes,
 * in IndexedDB before any upload starts, so a reload, a crash or a closed app loses nothing. The
 * pages and the service worker (share target) open the same database.
 */
interface BackupSchema extends DBSchema {
  entries: { key: string; value: BackupEntry };
  /** `lastBackupAt:<user id>` → ms since epoch, kept after the list is cleared. */
  meta: { key: string; value: number };
  folders: { key: string; value: BackupFolder };
  /** Files of folders already queued, by `<user id>|<folder>|<path>|<size>|<lastModified>` → when seen. */
  seen: { key: string; value: number };
}

const DB_NAME = "photo-backup";
const DB_VERSION = 2;

let opening: Promise<IDBPDatabase<BackupSchema>> | null = null;

function database(): Promise<IDBPDatabase<BackupSchema>> {
  opening ??= openDB<BackupSchema>(DB_NAME, DB_VERSION, {
    upgrade(db, oldVersion) {
      if (oldVersion < 1) {
        db.createObjectStore("entries", { keyPath: "id" });
        db.createObjectStore("meta");
      }
      if (oldVersion < 2) {
        db.createObjectStore("folders", { keyPath: "id" });
        db.createObjectStore("seen");
      }
    },
    // Another tab upgrading to a newer version: step aside so it can.
    blocking(_current, _next, event) {
      (event.target as IDBDatabase).close();
      opening = null;
    },
  }).catch((error: unknown) => {
    opening = null;
    throw error;
  });
  return opening;
}

const isQuotaError = (error: unknown) => error instanceof DOMException && error.name === "QuotaExceededError";

/**
 * Saves entries; those the browser has no room for are saved without their bytes (the caller
 * still holds them in memory for this visit) and returned.
 */
export async function saveEntries(entries: readonly BackupEntry[]): Promise<BackupEntry[]> {
  if (!entries.length) return [];
  const db = await database();
  try {
    const tx = db.transaction("entries", "readwrite");
    await Promise.all([...entries.map((entry) => tx.store.put(entry)), tx.done]);
    return [];
  } catch (error) {
    if (!isQuotaError(error) && !(error instanceof DOMException && error.name === "AbortError")) throw error;
  }
  const withoutBytes: BackupEntry[] = [];
  for (const entry of entries) {
    try {
      await db.put("entries", entry);
    } catch (error) {
      if (!isQuotaError(error)) throw error;
      await db.put("entries", { ...entry, file: null });
      withoutBytes.push(entry);
    }
  }
  return withoutBytes;
}

export async function loadEntries(): Promise<BackupEntry[]> {
  return (await database()).getAll("entries");
}

export async function deleteEntries(ids: readonly string[]): Promise<void> {
  if (!ids.length) return;
  const tx = (await database()).transaction("entries", "readwrite");
  await Promise.all([...ids.map((id) => tx.store.delete(id)), tx.done]);
}

/** Removes every file this person queued in this browser, bytes and all (at sign-out: the next person can neither send nor read them). */
export async function deleteOwnerEntries(owner: string): Promise<void> {
  await deleteEntries((await loadEntries()).filter((entry) => entry.owner === owner).map((entry) => entry.id));
}

export async function readLastBackupAt(owner: string): Promise<number | null> {
  return (await (await database()).get("meta", `lastBackupAt:${owner}`)) ?? null;
}

export async function writeLastBackupAt(owner: string, at: number): Promise<void> {
  await (await database()).put("meta", at, `lastBackupAt:${owner}`);
}

export async function loadFolders(owner: string): Promise<BackupFolder[]> {
  return (await (await database()).getAll("folders")).filter((folder) => folder.owner === owner);
}

export async function saveFolder(folder: BackupFolder): Promise<void> {
  await (await database()).put("folders", folder);
}

/** Forgets a folder and which of its files were seen (its queued files stay queued). */
export async function deleteFolder(folder: BackupFolder): Promise<void> {
  const db = await database();
  const tx = db.transaction(["folders", "seen"], "readwrite");
  const prefix = `${folder.owner}|${folder.id}|`;
  await Promise.all([
    tx.objectStore("folders").delete(folder.id),
    tx.objectStore("seen").delete(IDBKeyRange.bound(prefix, `${prefix}\uffff`)),
    tx.done,
  ]);
}

/** Which of these fingerprints were seen before. */
export async function filterUnseen(keys: readonly string[]): Promise<Set<string>> {
  const tx = (await database()).transaction("seen");
  const seen = await Promise.all(keys.map((key) => tx.store.getKey(key)));
  await tx.done;
  return new Set(keys.filter((_key, index) => seen[index] === undefined));
}

export async function markSeen(keys: readonly string[], at: number): Promise<void> {
  if (!keys.length) return;
  const tx = (await database()).transaction("seen", "readwrite");
  await Promise.all([...keys.map((key) => tx.store.put(at, key)), tx.done]);
}
