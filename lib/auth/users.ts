import { db, isUniqueViolation } from "@/lib/db";
import type { PublicUser } from "@/lib/contract/auth";

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

export const findUserByEmail = (email: string) => db.user.findUnique({ where: { email } });

export const setPasswordHash = (userId: string, passwordHash: string) => db.user.update({ where: { id: userId }, data: { passwordHash } });

export const listUsers = () => db.user.findMany({ select: { id: true, email: true, createdAt: true }, orderBy: { email: "asc" } });
