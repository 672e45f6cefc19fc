import { z } from "zod";

/** What went wrong, as clients see it in `{"error": {"code"}}`; the HTTP layer maps each to its status (lib/api/errors.ts). */
export const errorCodeSchema = z.enum([
  "bad_request",
  "invalid_sha256",
  "sha256_mismatch",
  "unauthorized",
  "token_expired",
  "forbidden",
  "signup_closed",
  "account_disabled",
  "not_found",
  "conflict",
  "payload_too_large",
  "unsupported_media_type",
  "rate_limited",
  "service_unavailable",
  "upload_expired",
  "quota_exceeded",
  "precondition_failed",
  "not_implemented",
  "internal_error",
]);
export type ErrorCode = z.infer<typeof errorCodeSchema>;

/** The one error type `lib/` throws for anything a client should see: a code and a message, no HTTP. */
export class AppError extends Error {
  readonly code: ErrorCode;
  readonly retryAfterSeconds?: number;

  constructor(code: ErrorCode, message: string, { retryAfterSeconds }: { retryAfterSeconds?: number } = {}) {
    super(message);
    this.name = "AppError";
    this.code = code;
    this.retryAfterSeconds = retryAfterSeconds;
  }
}

/** The request itself was refused (bad input, not allowed, too large): retrying it unchanged cannot help. */
export const isRefusal = (error: unknown): error is AppError =>
  error instanceof AppError && error.code !== "service_unavailable" && error.code !== "internal_error";

export const badRequest = (message: string, code: "bad_request" | "invalid_sha256" | "sha256_mismatch" = "bad_request") =>
  new AppError(code, message);
export const unauthorized = (message = "Sign in or send an API token (Authorization: Bearer <token>).") => new AppError("unauthorized", message);
export const tokenExpired = (expiredAt: Date) =>
  new AppError("token_expired", `The API token expired on ${expiredAt.toISOString()}. Create a new one in Settings.`);
export const forbidden = (message: string) => new AppError("forbidden", message);
export const notFound = (message = "No such photo.") => new AppError("not_found", message);
export const conflict = (message: string) => new AppError("conflict", message);
export const payloadTooLarge = (limitBytes: number, what = "file") =>
  new AppError("payload_too_large", `The ${what} is larger than the limit of ${limitBytes} bytes.`);
export const unsupportedMediaType = (message: string) => new AppError("unsupported_media_type", message);
export const rateLimited = (retryAfterSeconds: number, message = "Too many failed attempts.") =>
  new AppError("rate_limited", `${message} Try again in ${retryAfterSeconds} seconds.`, { retryAfterSeconds });
export const serviceUnavailable = (message: string) => new AppError("service_unavailable", message);
