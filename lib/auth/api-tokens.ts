import { createHash, randomBytes } from "node:crypto";
import { db } from "@/lib/db";
import { notFound } from "@/lib/errors";

const TOKEN_PREFIX = "pb_";

/** Tokens carry 256 random bits, so a fast hash is enough to keep a database leak from revealing them. */
const hashToken = (token: string) => createHash("sha256").update(token).digest("hex");

const DAY_MS = 24 * 3600_000;

/**
 * A new token for a user who just signed in, under the session version read with the password
 * hash that was checked (lib/auth/users.ts), so a password reset meanwhile ends it too.
 */
export async function createApiToken(
  userId: string,
  { label, sessionVersion, expiresInDays }: { label?: string; sessionVersion: number; expiresInDays?: number },
): Promise<{ token: string; expiresAt: Date | null }> {
  const token = TOKEN_PREFIX + randomBytes(32).toString("base64url");
  const expiresAt = expiresInDays === undefined ? null : new Date(Date.now() + expiresInDays * DAY_MS);
  await db.apiToken.create({ data: { userId, label: label || null, tokenHash: hashToken(token), sessionVersion, expiresAt } });
  return { token, expiresAt };
}

/** "Last used" is kept to the hour: one write per token per hour, not one per request. */
const LAST_USED_PRECISION_MS = 3600_000;

/** The token's owner, the session version it was issued under and its expiry; null for no such token. */
export async function findApiToken(token: string): Promise<{ userId: string; sessionVersion: number; expiresAt: Date | null } | null> {
  if (!token.startsWith(TOKEN_PREFIX) || token.length > 100) return null;
  const row = await db.apiToken.findUnique({
    where: { tokenHash: hashToken(token) },
    select: { id: true, userId: true, lastUsedAt: true, sessionVersion: true, expiresAt: true },
  });
  if (!row) return null;
  const now = new Date();
  const expired = row.expiresAt !== null && row.expiresAt <= now;
  if (!expired && (!row.lastUsedAt || now.getTime() - row.lastUsedAt.getTime() > LAST_USED_PRECISION_MS)) {
    await db.apiToken.update({ where: { id: row.id }, data: { lastUsedAt: now } }).catch(() => {}); // revoked meanwhile
  }
  return { userId: row.userId, sessionVersion: row.sessionVersion, expiresAt: row.expiresAt };
}

/** A user's tokens as the settings page lists them; the tokens themselves are never stored. */
export function listApiTokens(userId: string) {
  return db.apiToken.findMany({
    where: { userId },
    select: { id: true, label: true, createdAt: true, lastUsedAt: true, expiresAt: true },
    orderBy: [{ createdAt: "desc" }, { id: "asc" }],
  });
}

/** Revoked at once: the next request with it gets 401. Another user's token is "no such token". */
export async function revokeApiToken(userId: string, tokenId: string): Promise<void> {
  const { count } = await db.apiToken.deleteMany({ where: { id: tokenId, userId } });
  if (count === 0) throw notFound("No such token.");
}

/** Every token of the user, when all its sessions end (lib/auth/users.ts). */
export async function deleteApiTokensOf(userId: string): Promise<void> {
  await db.apiToken.deleteMany({ where: { userId } });
}
