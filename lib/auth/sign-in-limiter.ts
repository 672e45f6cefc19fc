import { sharedLimiter, takePoint } from "@/lib/rate-limits";

/*
 * Sign-in attempts are counted before the password is checked, atomically (a burst of parallel
 * tries cannot all pass), per account at one address (so nobody elsewhere can keep the account's
 * owner out) and per address (so one address cannot try many accounts). A correct password gives
 * its attempt back: only failures add up.
 */
const limits = {
  accountAtAddress: { points: 10, duration: 15 * 60 },
  address: { points: 50, duration: 60 * 60 },
};

const globalForLimiters = globalThis as unknown as { signInLimiters?: ReturnType<typeof createLimiters> };
const createLimiters = () => ({
  accountAtAddress: sharedLimiter("signin-account-address", limits.accountAtAddress),
  address: sharedLimiter("signin-address", limits.address),
});
const limiters = () => (globalForLimiters.signInLimiters ??= createLimiters());

const accountAtAddress = (email: string, address: string) => `${email.toLowerCase()}|${address}`;

/** One attempt taken from this account at this address and from the address; 429 once either is spent. */
export async function takeSignInAttempt(email: string, address: string): Promise<void> {
  await takePoint(limiters().address, address);
  await takePoint(limiters().accountAtAddress, accountAtAddress(email, address));
}

/** The password was right: the attempt is given back, and the account's failures at this address forgotten. */
export async function forgiveSignInAttempt(email: string, address: string): Promise<void> {
  await Promise.all([limiters().address.reward(address, 1), limiters().accountAtAddress.delete(accountAtAddress(email, address))]);
}
