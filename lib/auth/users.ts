import { db, isUniqueViolation, type Prisma } from "@/lib/db";
import { deleteApiTokensOf } from "@/lib/auth/api-tokens";
import { hashPassword } from "@/lib/auth/password";
import { passwordSchema } from "@/lib/contract/auth";
import { serviceUnavailable } from "@/lib/errors";
import { logger } from "@/lib/logger";
import { redis, redisKey } from "@/lib/redis";

/* The one module that reads and writes the users table. */

const accountFields = { id: true, email: true, name: true, isAdmin: true, disabledAt: true, quotaBytes: true, createdAt: true } as const;

export interface Account {
  id: string;
  email: string;
  name: string | null;
  isAdmin: boolean;
  disabledAt: Date | null;
  quotaBytes: bigint | null;
  createdAt: Date;
}

/** Held for the length of an account's creation, so that only one can be the first. */
const ACCOUNT_CREATION_LOCK = 0x75736572; // "user"

interface NewUser {
  email: string;
  name: string | null;
  passwordHash: string;
  quotaBytes: bigint | null;
}

/**
 * The new account (the instance's admin when it is the first), "email_taken", or "not_first" when
 * only a first account was allowed and there is one. Creations take turns under an advisory lock,
 * so two at once on an empty instance cannot both find it empty.
 */
export async function insertUser(user: NewUser, { onlyIfFirst }: { onlyIfFirst: boolean }): Promise<Account | "email_taken" | "not_first"> {
  try {
    return await db.$transaction(async (tx) => {
      await tx.$executeRaw`SELECT pg_advisory_xact_lock(${ACCOUNT_CREATION_LOCK})`;
      const first = (await tx.user.findFirst({ select: { id: true } })) === null;
      if (!first && onlyIfFirst) return "not_first" as const;
      return tx.user.create({ data: { ...user, isAdmin: first }, select: accountFields });
    });
  } catch (error) {
    if (isUniqueViolation(error)) return "email_taken";
    throw error;
  }
}

/** The whole row: the password hash and the session version are read together, as one sign-in checks and keeps them. */
export const findUserByEmail = (email: string) => db.user.findUnique({ where: { email } });

export const hasAccounts = async () => (await db.user.findFirst({ select: { id: true } })) !== null;

export const findAccount = (userId: string): Promise<Account | null> => db.user.findUnique({ where: { id: userId }, select: accountFields });

export const listAccounts = (): Promise<Account[]> => db.user.findMany({ select: accountFields, orderBy: { email: "asc" } });

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

/**
 * Applies `change` to the account and adds one to its session version in the same update (a
 * sign-in reads the password hash and the version together, so one that passed before the change
 * holds the old version), then publishes the new version. False when no account matched.
 */
async function updateEndingSessions(where: Prisma.UserWhereInput, change: Prisma.UserUpdateManyMutationInput = {}): Promise<boolean> {
  const [user] = await db.user.updateManyAndReturn({
    where,
    data: { ...change, sessionVersion: { increment: 1 } },
    select: { id: true, sessionVersion: true },
  });
  if (!user) return false;
  await sessionVersionBumped(user.id, user.sessionVersion);
  return true;
}

/** Ends every session and API token of the account at once, the caller's own included. */
export async function endAllSessions(userId: string): Promise<void> {
  await updateEndingSessions({ id: userId });
}

/** Sets a new password and ends every session and token of the account. False when there is no such account. */
export async function resetPassword(userId: string, password: string): Promise<boolean> {
  return updateEndingSessions({ id: userId }, { passwordHash: await hashPassword(passwordSchema.parse(password)) });
}

/** Null is unlimited. */
export async function setQuota(userId: string, quotaBytes: bigint | null): Promise<void> {
  await db.user.updateMany({ where: { id: userId }, data: { quotaBytes } });
}

/**
 * Disabling ends every session and token of the account at once (sign-in then refuses it, see
 * verifyCredentials); disabling again keeps the first time, and enabling lets its owner sign in again.
 */
export async function setDisabled(userId: string, disabled: boolean): Promise<void> {
  if (!disabled) {
    await db.user.updateMany({ where: { id: userId }, data: { disabledAt: null } });
    return;
  }
  await updateEndingSessions({ id: userId, disabledAt: null }, { disabledAt: new Date() });
}
