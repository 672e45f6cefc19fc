import type { z } from "zod";
import type { credentialsSchema, PublicUser, signUpSchema } from "@/lib/contract/auth";
import { conflict, unauthorized } from "@/lib/errors";
import { hashPassword, timingDummyHash, verifyPassword } from "@/lib/auth/password";
import { forgiveSignInAttempt, takeSignInAttempt } from "@/lib/auth/sign-in-limiter";
import { findUserByEmail, insertUser } from "@/lib/auth/users";

export async function createUser(input: z.infer<typeof signUpSchema>): Promise<PublicUser> {
  const user = await insertUser({ email: input.email, name: input.name || null, passwordHash: await hashPassword(input.password) });
  if (!user) throw conflict("An account with this email already exists.");
  return user;
}

/** A signed-in user and the session version (lib/auth/users.ts) the new session or token is issued under. */
export type SignedInUser = PublicUser & { sessionVersion: number };

/** Checks a password; attempts are limited per account at an address and per address (429). */
export async function verifyCredentials(
  { email, password }: z.infer<typeof credentialsSchema>,
  ip: string,
): Promise<SignedInUser> {
  await takeSignInAttempt(email, ip);
  const user = await findUserByEmail(email);
  const valid = await verifyPassword(user?.passwordHash ?? (await timingDummyHash), password);
  if (!user || !valid) throw unauthorized("Wrong email or password.");
  await forgiveSignInAttempt(email, ip);
  return { id: user.id, email: user.email, name: user.name, sessionVersion: user.sessionVersion };
}
