import { AsyncLocalStorage } from "node:async_hooks";
import pino from "pino";
import { env } from "@/lib/env";

/** Fields added to every log line written while a request or a job runs (its request id, say). */
const logContext = new AsyncLocalStorage<Record<string, unknown>>();

export const logger = pino({
  level: env.LOG_LEVEL,
  base: { service: process.env.SERVICE_NAME ?? "web" },
  mixin: () => logContext.getStore() ?? {},
});

export function withLogContext<T>(fields: Record<string, unknown>, run: () => T): T {
  return logContext.run({ ...logContext.getStore(), ...fields }, run);
}

/** The id of the request being served: it travels with the jobs the request queues. */
export function currentRequestId(): string | undefined {
  const requestId = logContext.getStore()?.requestId;
  return typeof requestId === "string" ? requestId : undefined;
}
