import { db, isUniqueViolation } from "@/lib/db";

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

export const hasAccounts = async () => (await db.user.findFirst({ select: { id: true } })) !== null;

export const findUserByEmail = (email: string) => db.user.findUnique({ where: { email } });

export const findAccount = (userId: string): Promise<Account | null> => db.user.findUnique({ where: { id: userId }, select: accountFields });

export const listAccounts = (): Promise<Account[]> => db.user.findMany({ select: accountFields, orderBy: { email: "asc" } });

/** A new password hash; false when there is no such account. */
export async function resetPassword(userId: string, passwordHash: string): Promise<boolean> {
  const { count } = await db.user.updateMany({ where: { id: userId }, data: { passwordHash } });
  return count > 0;
}

/** Null is unlimited. */
export async function setQuota(userId: string, quotaBytes: bigint | null): Promise<void> {
  await db.user.updateMany({ where: { id: userId }, data: { quotaBytes } });
}

/** A disabled account's sessions and tokens stop working at their next request; disabling again keeps the first time. */
export async function setDisabled(userId: string, disabled: boolean): Promise<void> {
  await db.user.updateMany({
    where: { id: userId, disabledAt: disabled ? null : { not: null } },
    data: { disabledAt: disabled ? new Date() : null },
  });
}
