import { db, isUniqueViolation } from "@/lib/db";
import { deleteApiTokensOf } from "@/lib/auth/api-tokens";
import { hashPassword } from "@/lib/auth/password";
import { emailSchema, passwordSchema, type PublicUser } from "@/lib/contract/auth";
import { notFound, serviceUnavailable } from "@/lib/errors";
import { logger } from "@/lib/logger";
import { redis, redisKey } from "@/lib/redis";

/* The one module that reads and writes the users table. */

const publicFields = { id: true, email: true, name: true } as const;

/** The new account, or null when the email is taken. */
export async function insertUser(user: { email: string; name: string | null; passwordHash: string }): Promise<PublicUser | null> {
  try {
    return await db.user.create({ data: user, select: publicFields });
  } catch (error) {
    if (isUniqueViolation(error)) return null;
    throw error;
  }
}

/** The whole row: the password hash and the session version are read together, as one sign-in checks and keeps them. */
export const findUserByEmail = (email: string) => db.user.findUnique({ where: { email } });

export const listUsers = () => db.user.findMany({ select: { id: true, email: true, createdAt: true }, orderBy: { email: "asc" } });

/** What a brand-new account's sessions carry (the column's default). */
export const NEW_ACCOUNT_SESSION_VERSION = 0;

/*
 * Session versions. Every session and API token carries the version of its user it was issued
 * under; ending all of an account's sessions adds one to the user's, so each request with an older
 * one is refused from the next request on. The current version is kept in Redis for a short while,
 * so a request costs a GET there rather than a query: a reader that misses stores what it read only
 * if nothing is stored yet (NX), and a bump overwrites it after its update, so a reader that read
 * the old version just before a bump cannot put it back over the new one.
 */
const SESSION_VERSION_TTL_SECONDS = 30;
const sessionVersionKey = (userId: string) => redisKey("session-version", userId);

/** The user's current session version; null for no such user. Without Redis, from Postgres each time. */
async function currentSessionVersion(userId: string): Promise<number | null> {
  let cached: string | null | undefined;
  try {
    cached = await redis().get(sessionVersionKey(userId));
  } catch (error) {
    logger.warn({ err: error }, "session version cache unavailable");
  }
  if (cached) return Number(cached);
  const row = await db.user.findUnique({ where: { id: userId }, select: { sessionVersion: true } });
  if (!row) return null;
  if (cached === null) {
    await redis()
      .set(sessionVersionKey(userId), String(row.sessionVersion), "EX", SESSION_VERSION_TTL_SECONDS, "NX")
      .catch((error) => logger.warn({ err: error }, "session version cache unavailable"));
  }
  return row.sessionVersion;
}

/** Whether a session or token issued under `version` is still good: the user exists and has ended none since. */
export async function isCurrentSessionVersion(userId: string, version: number): Promise<boolean> {
  return (await currentSessionVersion(userId)) === version;
}

/**
 * After a bump: the cached version is replaced (a failure here would leave old sessions working
 * until it expires, so it fails the call, which may be repeated), and the account's tokens are
 * deleted, so Settings lists none that no longer works. Each token also carries its version,
 * which is what refuses one a sign-in with the old password was still issuing during the bump.
 */
async function sessionVersionBumped(userId: string, version: number): Promise<void> {
  await deleteApiTokensOf(userId);
  try {
    await redis().set(sessionVersionKey(userId), String(version), "EX", SESSION_VERSION_TTL_SECONDS);
  } catch (error) {
    logger.warn({ err: error, userId }, "could not publish a new session version");
    throw serviceUnavailable("Redis is unavailable, so sessions may not have ended everywhere yet. Try again shortly.");
  }
}

/** Ends every session and API token of the account at once, the caller's own included. */
export async function endAllSessions(userId: string): Promise<void> {
  const { sessionVersion } = await db.user.update({
    where: { id: userId },
    data: { sessionVersion: { increment: 1 } },
    select: { sessionVersion: true },
  });
  await sessionVersionBumped(userId, sessionVersion);
}

/**
 * Sets a new password and ends every session and token of the account, in one update: a sign-in
 * reads the hash and the version together, so one that passed with the old password holds the old version.
 */
export async function resetPassword(email: string, password: string): Promise<void> {
  const passwordHash = await hashPassword(passwordSchema.parse(password));
  const [user] = await db.user.updateManyAndReturn({
    where: { email: emailSchema.parse(email) },
    data: { passwordHash, sessionVersion: { increment: 1 } },
    select: { id: true, sessionVersion: true },
  });
  if (!user) throw notFound(`No account with the email ${email}.`);
  await sessionVersionBumped(user.id, user.sessionVersion);
}
