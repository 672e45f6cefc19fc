import { NextResponse } from "next/server";
import { ZodError } from "zod";
import { ApiError, serviceUnavailable } from "@/lib/errors";
import { logger } from "@/lib/logger";

export function errorResponse(error: ApiError): NextResponse {
  const headers = error.retryAfterSeconds ? { "retry-after": String(error.retryAfterSeconds) } : undefined;
  return NextResponse.json({ error: { code: error.code, message: error.message } }, { status: error.status, headers });
}

/** A connection refused, cut, or closed mid-write (EPIPE: seen in the soak run during the restarts). */
const CONNECTION_ERRORS = new Set(["ECONNREFUSED", "ECONNRESET", "EPIPE", "ETIMEDOUT", "EHOSTUNREACH", "ENOTFOUND", "EAI_AGAIN"]);

/** Prisma's codes for a database it cannot reach, that closed the connection, or whose pool is exhausted. */
const PRISMA_UNAVAILABLE = new Set(["P1001", "P1002", "P1008", "P1017", "P2024"]);
/** What the pg driver adapter reports for the same, and Postgres's own SQLSTATEs for shutting down or full. */
const ADAPTER_UNAVAILABLE_KINDS = new Set(["DatabaseNotReachable", "ConnectionClosed", "SocketTimeout", "TooManyConnections"]);
const POSTGRES_UNAVAILABLE = /^(08|57P0[123]$|53300$)/;
/**
 * node-postgres's own errors for a connection lost or never made, which carry no code, only these
 * messages ("Connection terminated unexpectedly": seen in the soak run as Postgres restarted).
 */
const PG_CONNECTION_LOST = /^(Connection terminated|timeout exceeded when trying to connect)/;

function databaseUnavailable(error: { name?: string; code?: string; meta?: unknown }): boolean {
  if (error.name === "PrismaClientInitializationError") return true;
  if (error.name !== "PrismaClientKnownRequestError") return false;
  if (error.code && PRISMA_UNAVAILABLE.has(error.code)) return true;
  const cause = (error.meta as { driverAdapterError?: { cause?: { kind?: string; code?: string } } } | undefined)?.driverAdapterError?.cause;
  return Boolean(cause && (ADAPTER_UNAVAILABLE_KINDS.has(cause.kind ?? "") || POSTGRES_UNAVAILABLE.test(cause.code ?? "")));
}

/** A dependency (Postgres, the store) that did not answer, or is restarting: the client may retry later. */
function unavailableDependency(error: unknown): ApiError | null {
  const seen = new Set<unknown>();
  for (let cause = error; cause && typeof cause === "object" && !seen.has(cause); cause = (cause as Error).cause) {
    seen.add(cause);
    const { code, name } = cause as { code?: string; name?: string };
    if (code && CONNECTION_ERRORS.has(code)) return serviceUnavailable("A service the app depends on is unavailable. Try again shortly.");
    const pgConnectionLost = cause instanceof Error && PG_CONNECTION_LOST.test(cause.message);
    if (pgConnectionLost || name === "DriverAdapterError" || databaseUnavailable(cause as { name?: string; code?: string; meta?: unknown })) {
      return serviceUnavailable("The database is unavailable. Try again shortly.");
    }
  }
  return null;
}

/** Maps anything thrown under /api/v1 to the one JSON error shape; unknown errors are logged, never shown. */
export function handleApiError(error: unknown): NextResponse {
  if (error instanceof ApiError) return errorResponse(error);
  if (error instanceof ZodError) {
    const issue = error.issues[0];
    const where = issue?.path.length ? `${issue.path.join(".")}: ` : "";
    return errorResponse(new ApiError({ code: "bad_request", message: `${where}${issue?.message ?? "Invalid input."}`, status: 400 }));
  }
  const unavailable = unavailableDependency(error);
  if (unavailable) {
    logger.warn({ err: error }, "dependency unavailable");
    return errorResponse(unavailable);
  }
  logger.error({ err: error }, "unhandled error in API route");
  return errorResponse(new ApiError({ code: "internal_error", message: "Something went wrong on our side.", status: 500 }));
}
