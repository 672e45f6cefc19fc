import { NextResponse } from "next/server";
import { ZodError } from "zod";
import { AppError, serviceUnavailable, type ErrorCode } from "@/lib/errors";
import { logger } from "@/lib/logger";

/** The one place an error's HTTP status is decided. */
export const errorCodeToHttpStatus = {
  bad_request: 400,
  invalid_sha256: 400,
  sha256_mismatch: 400,
  unauthorized: 401,
  token_expired: 401,
  forbidden: 403,
  signup_closed: 403,
  account_disabled: 403,
  not_found: 404,
  conflict: 409,
  upload_expired: 410,
  precondition_failed: 412,
  payload_too_large: 413,
  unsupported_media_type: 415,
  rate_limited: 429,
  internal_error: 500,
  not_implemented: 501,
  service_unavailable: 503,
  quota_exceeded: 507,
} as const satisfies Record<ErrorCode, number>;

/** The code of an error answered with this status by a library (tus): the first code mapped to it. */
export function errorCodeOfHttpStatus(status: number): ErrorCode {
  const code = (Object.keys(errorCodeToHttpStatus) as ErrorCode[]).find((candidate) => errorCodeToHttpStatus[candidate] === status);
  return code ?? (status >= 500 ? "internal_error" : "bad_request");
}

export const errorBody = (code: ErrorCode, message: string) => ({ error: { code, message } });

function errorResponse(error: AppError): NextResponse {
  const headers = error.retryAfterSeconds ? { "retry-after": String(error.retryAfterSeconds) } : undefined;
  return NextResponse.json(errorBody(error.code, error.message), { status: errorCodeToHttpStatus[error.code], headers });
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
function unavailableDependency(error: unknown): AppError | null {
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
  if (error instanceof AppError) return errorResponse(error);
  if (error instanceof ZodError) {
    const issue = error.issues[0];
    const where = issue?.path.length ? `${issue.path.join(".")}: ` : "";
    return errorResponse(new AppError("bad_request", `${where}${issue?.message ?? "Invalid input."}`));
  }
  const unavailable = unavailableDependency(error);
  if (unavailable) {
    logger.warn({ err: error }, "dependency unavailable");
    return errorResponse(unavailable);
  }
  logger.error({ err: error }, "unhandled error in API route");
  return errorResponse(new AppError("internal_error", "Something went wrong on our side."));
}
