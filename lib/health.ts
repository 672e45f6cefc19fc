import type { Health } from "@/lib/contract/health";
import { db } from "@/lib/db";
import { redis } from "@/lib/redis";
import { checkStorage } from "@/lib/storage";
import { withTimeout } from "@/lib/timeout";

type CheckResult = "ok" | "down";

const TIMEOUT_MS = 2000;

async function probe(check: () => Promise<unknown>): Promise<CheckResult> {
  try {
    await withTimeout(check(), TIMEOUT_MS, "timeout");
    return "ok";
  } catch {
    return "down";
  }
}

export async function checkHealth(): Promise<Health> {
  const [database, redisCheck, storage] = await Promise.all([
    probe(() => db.$queryRaw`SELECT 1`),
    probe(() => redis().ping()),
    probe(checkStorage),
  ]);
  const checks = { database, redis: redisCheck, storage };
  const failing = (Object.keys(checks) as (keyof typeof checks)[]).filter((name) => checks[name] !== "ok");
  return { status: failing.length ? "degraded" : "ok", checks, ...(failing.length ? { failing } : {}) };
}
