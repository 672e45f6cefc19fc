import { z } from "zod";
import { db, isUniqueViolation, type User } from "@/lib/db";
import { conflict, unauthorized } from "@/lib/errors";
import { hashPassword, timingDummyHash, verifyPassword } from "@/lib/auth/password";
import { assertSignInAllowed, clearFailedSignIns, recordFailedSignIn } from "@/lib/auth/sign-in-limiter";

export const emailSchema = z.email({ error: "Enter a valid email address." }).max(254).transform((email) => email.toLowerCase());
export const passwordSchema = z
  .string({ error: "Enter a password." })
  .min(8, "The password must be at least 8 characters.")
  .max(1024, "The password is too long.");

export const signUpSchema = z.object({
  email: emailSchema,
  password: passwordSchema,
  name: z.string().trim().max(100).optional(),
});

export const credentialsSchema = z.object({ email: emailSchema, password: z.string().min(1).max(1024) });

export type PublicUser = Pick<User, "id" | "email" | "name">;

export async function createUser(input: z.infer<typeof signUpSchema>): Promise<PublicUser> {
  try {
    return await db.user.create({
      data: { email: input.email, name: input.name || null, passwordHash: await hashPassword(input.password) },
      select: { id: true, email: true, name: true },
    });
  } catch (error) {
    if (isUniqueViolation(error)) throw conflict("An account with this email already exists.");
    throw error;
  }
}

/** Checks a password; failed attempts are limited per account and per address (429). */
export async function verifyCredentials(
  { email, password }: z.infer<typeof credentialsSchema>,
  ip: string,
): Promise<PublicUser> {
  await assertSignInAllowed(email, ip);
  const user = await db.user.findUnique({ where: { email } });
  const valid = await verifyPassword(user?.passwordHash ?? (await timingDummyHash), password);
  if (!user || !valid) {
    await recordFailedSignIn(email, ip);
    throw unauthorized("Wrong email or password.");
  }
  await clearFailedSignIns(email);
  return { id: user.id, email: user.email, name: user.name };
}
