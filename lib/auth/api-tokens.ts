import { createHash, randomBytes } from "node:crypto";
import { db } from "@/lib/db";
import { notFound } from "@/lib/errors";

const TOKEN_PREFIX = "pb_";

/** Tokens carry 256 random bits, so a fast hash is enough to keep a database leak from revealing them. */
const hashToken = (token: string) => createHash("sha256").update(token).digest("hex");

export async function createApiToken(userId: string, label: string | undefined): Promise<string> {
  const token = TOKEN_PREFIX + randomBytes(32).toString("base64url");
  await db.apiToken.create({ data: { userId, label: label || null, tokenHash: hashToken(token) } });
  return token;
}

/** "Last used" is kept to the hour: one write per token per hour, not one per request. */
const LAST_USED_PRECISION_MS = 3600_000;

export async function findUserIdByToken(token: string): Promise<string | null> {
  if (!token.startsWith(TOKEN_PREFIX) || token.length > 100) return null;
  const row = await db.apiToken.findUnique({ where: { tokenHash: hashToken(token) }, select: { id: true, userId: true, lastUsedAt: true } });
  if (!row) return null;
  const now = new Date();
  if (!row.lastUsedAt || now.getTime() - row.lastUsedAt.getTime() > LAST_USED_PRECISION_MS) {
    await db.apiToken.update({ where: { id: row.id }, data: { lastUsedAt: now } }).catch(() => {}); // revoked meanwhile
  }
  return row.userId;
}

/** A user's tokens as the settings page lists them; the tokens themselves are never stored. */
export function listApiTokens(userId: string) {
  return db.apiToken.findMany({
    where: { userId },
    select: { id: true, label: true, createdAt: true, lastUsedAt: true },
    orderBy: [{ createdAt: "desc" }, { id: "asc" }],
  });
}

/** Revoked at once: the next request with it gets 401. Another user's token is "no such token". */
export async function revokeApiToken(userId: string, tokenId: string): Promise<void> {
  const { count } = await db.apiToken.deleteMany({ where: { id: tokenId, userId } });
  if (count === 0) throw notFound("No such token.");
}
