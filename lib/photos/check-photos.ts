import { findExistingSha256s } from "@/lib/photos/photo-repository";

/** Which of these SHA-256 hashes this user already has, so a client can skip those files. */
export async function findExistingHashes(userId: string, hashes: string[]): Promise<string[]> {
  if (hashes.length === 0) return [];
  return findExistingSha256s(userId, [...new Set(hashes)]);
}
