import { z } from "zod";
import { db } from "@/lib/db";

export const sha256Schema = z
  .string()
  .regex(/^[0-9a-fA-F]{64}$/, "must be 64 hex digits")
  .transform((hex) => hex.toLowerCase());

export const checkPhotosSchema = z.object({ sha256: z.array(sha256Schema).max(1000, "at most 1000 hashes per request") });

/** Which of these SHA-256 hashes this user already has, so a client can skip those files. */
export async function findExistingHashes(userId: string, hashes: string[]): Promise<string[]> {
  if (hashes.length === 0) return [];
  const rows = await db.photo.findMany({ where: { userId, sha256: { in: [...new Set(hashes)] } }, select: { sha256: true } });
  return rows.map((row) => row.sha256);
}
