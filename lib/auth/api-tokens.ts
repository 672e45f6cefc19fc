import { createHash, randomBytes } from "node:crypto";
import { db } from "@/lib/db";

const TOKEN_PREFIX = "pb_";

/** Tokens carry 256 random bits, so a fast hash is enough to keep a database leak from revealing them. */
const hashToken = (token: string) => createHash("sha256").update(token).digest("hex");

export async function createApiToken(userId: string, label: string | undefined): Promise<string> {
  const token = TOKEN_PREFIX + randomBytes(32).toString("base64url");
  await db.apiToken.create({ data: { userId, label: label || null, tokenHash: hashToken(token) } });
  return token;
}

export async function findUserIdByToken(token: string): Promise<string | null> {
  if (!token.startsWith(TOKEN_PREFIX) || token.length > 100) return null;
  const row = await db.apiToken.findUnique({ where: { tokenHash: hashToken(token) }, select: { userId: true } });
  return row?.userId ?? null;
}
