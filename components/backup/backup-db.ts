import { openDB, type DBSchema, type IDBPDatabase } from "idb";
import type { BackupEntry } from "@/components/backup/backup-entry";

/**
 * The backup queue as the browser keeps it: every file picked, dropped or shared, with its bytes,
 * in IndexedDB before any upload starts, so a reload, a crash or a closed app loses nothing. The
 * pages and the service worker (share target) open the same database.
 */
interface BackupSchema extends DBSchema {
  entries: { key: string; value: BackupEntry };
  /** `lastBackupAt:<user id>` → ms since epoch, kept after the list is cleared. */
  meta: { key: string; value: number };
}

const DB_NAME = "photo-backup";
const DB_VERSION = 1;

let opening: Promise<IDBPDatabase<BackupSchema>> | null = null;

function database(): Promise<IDBPDatabase<BackupSchema>> {
  opening ??= openDB<BackupSchema>(DB_NAME, DB_VERSION, {
    upgrade(db) {
      db.createObjectStore("entries", { keyPath: "id" });
      db.createObjectStore("meta");
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

export async function saveEntry(entry: BackupEntry): Promise<void> {
  await saveEntries([entry]);
}

export async function loadEntries(): Promise<BackupEntry[]> {
  return (await database()).getAll("entries");
}

export async function deleteEntries(ids: readonly string[]): Promise<void> {
  if (!ids.length) return;
  const tx = (await database()).transaction("entries", "readwrite");
  await Promise.all([...ids.map((id) => tx.store.delete(id)), tx.done]);
}

export async function readLastBackupAt(owner: string): Promise<number | null> {
  return (await (await database()).get("meta", `lastBackupAt:${owner}`)) ?? null;
}

export async function writeLastBackupAt(owner: string, at: number): Promise<void> {
  await (await database()).put("meta", at, `lastBackupAt:${owner}`);
}
