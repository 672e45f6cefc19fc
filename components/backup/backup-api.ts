import { apiRequest } from "@/components/api-client";
import type { BackupEntry } from "@/components/backup/backup-entry";
import type { CheckPhotosResult } from "@/lib/contract/photos";

/** Files this large go through the resumable endpoint, so a dropped connection costs at most one part. */
export const RESUMABLE_FROM_BYTES = 8 * 1024 * 1024;

/** Which of these hashes the library already has (`POST /api/v1/photos/check`). */
export async function findExisting(hashes: string[]): Promise<Set<string>> {
  if (!hashes.length) return new Set();
  const { existing } = await apiRequest<CheckPhotosResult>("/api/v1/photos/check", { method: "POST", json: { sha256: hashes } });
  return new Set(existing);
}

/**
 * The multipart body of `POST /api/v1/photos`: the fields first (the server reads them before the
 * file, and with the size it streams the file straight into the store).
 */
export function uploadForm(entry: BackupEntry, file: Blob): FormData {
  const form = new FormData();
  form.append("size", String(file.size));
  if (entry.sha256) form.append("sha256", entry.sha256);
  if (entry.lastModified) form.append("lastModified", String(Math.trunc(entry.lastModified)));
  form.append("file", file, entry.name);
  return form;
}
