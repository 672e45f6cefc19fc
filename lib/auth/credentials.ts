import type { z } from "zod";
import type { credentialsSchema, PublicUser, signUpSchema } from "@/lib/contract/auth";
import { env } from "@/lib/env";
import { AppError, conflict, unauthorized } from "@/lib/errors";
import { hashPassword, timingDummyHash, verifyPassword } from "@/lib/auth/password";
import { forgiveSignInAttempt, takeSignInAttempt } from "@/lib/auth/sign-in-limiter";
import { findUserByEmail, hasAccounts, insertUser, type Account } from "@/lib/auth/users";

export const SIGNUP_CLOSED_MESSAGE =
  "Sign-up is closed on this instance: its admin adds accounts (from the admin page, or with npm run admin -- add <email>).";

const publicUser = ({ id, email, name }: Account): PublicUser => ({ id, email, name });

async function insertAccount(input: z.infer<typeof signUpSchema>, onlyIfFirst: boolean): Promise<Account> {
  const user = await insertUser(
    {
      email: input.email,
      name: input.name || null,
      passwordHash: await hashPassword(input.password),
      quotaBytes: env.DEFAULT_QUOTA_BYTES === undefined ? null : BigInt(env.DEFAULT_QUOTA_BYTES),
    },
    { onlyIfFirst },
  );
  if (user === "email_taken") throw conflict("An account with this email already exists.");
  if (user === "not_first") throw new AppError("signup_closed", SIGNUP_CLOSED_MESSAGE);
  return user;
}

/** Someone signing themselves up: the first account on an empty instance (its admin), else only with SIGNUP=open. */
export const signUp = async (input: z.infer<typeof signUpSchema>): Promise<PublicUser> =>
  publicUser(await insertAccount(input, env.SIGNUP === "closed"));

/** Whether someone may sign up now: with SIGNUP=open, or while the instance has no account (the first is its admin). */
export const signUpIsOpen = async () => env.SIGNUP === "open" || !(await hasAccounts());

/** An account the admin adds, whatever SIGNUP says. */
export const createAccount = (input: z.infer<typeof signUpSchema>): Promise<Account> => insertAccount(input, false);

export const accountDisabled = () => new AppError("account_disabled", "This account is disabled. Ask the instance's admin.");

/** A signed-in user and the session version (lib/auth/users.ts) the new session or token is issued under. */
export type SignedInUser = PublicUser & { sessionVersion: number };

/** Checks a password; attempts are limited per account at an address and per address (429). A disabled account is refused. */
export async function verifyCredentials(
  { email, password }: z.infer<typeof credentialsSchema>,
  ip: string,
): Promise<SignedInUser> {
  await takeSignInAttempt(email, ip);
  const user = await findUserByEmail(email);
  const valid = await verifyPassword(user?.passwordHash ?? (await timingDummyHash), password);
  if (!user || !valid) throw unauthorized("Wrong email or password.");
  await forgiveSignInAttempt(email, ip);
  if (user.disabledAt) throw accountDisabled();
  return { id: user.id, email: user.email, name: user.name, sessionVersion: user.sessionVersion };
}
