import { RateLimiterMemory, RateLimiterRedis, RateLimiterRes } from "rate-limiter-flexible";
import { rateLimited } from "@/lib/errors";
import { redis, redisKey } from "@/lib/redis";

const policies = {
  account: { points: 10, duration: 15 * 60 },
  ip: { points: 50, duration: 60 * 60 },
};

/** Failed sign-ins counted in Redis; an in-memory limiter stands in while Redis is down. */
function limiter(name: keyof typeof policies) {
  const policy = policies[name];
  return new RateLimiterRedis({
    storeClient: redis(),
    useRedisPackage: false,
    keyPrefix: redisKey("signin-failures", name),
    ...policy,
    insuranceLimiter: new RateLimiterMemory(policy),
  });
}

const globalForLimiters = globalThis as unknown as { signInLimiters?: ReturnType<typeof createLimiters> };
const createLimiters = () => ({ account: limiter("account"), ip: limiter("ip") });
const limiters = () => (globalForLimiters.signInLimiters ??= createLimiters());

function keys(email: string, ip: string) {
  return [
    [limiters().account, email.toLowerCase()],
    [limiters().ip, ip],
  ] as const;
}

/** Throws 429 when this account or address has used up its failed attempts. */
export async function assertSignInAllowed(email: string, ip: string): Promise<void> {
  for (const [rateLimiter, key] of keys(email, ip)) {
    const state = await rateLimiter.get(key);
    if (state && state.consumedPoints >= rateLimiter.points) throw rateLimited(Math.ceil(state.msBeforeNext / 1000));
  }
}

export async function recordFailedSignIn(email: string, ip: string): Promise<void> {
  for (const [rateLimiter, key] of keys(email, ip)) {
    try {
      await rateLimiter.consume(key);
    } catch (rejection) {
      if (rejection instanceof RateLimiterRes) throw rateLimited(Math.ceil(rejection.msBeforeNext / 1000));
      throw rejection;
    }
  }
}

export async function clearFailedSignIns(email: string): Promise<void> {
  await limiters().account.delete(email.toLowerCase());
}
