export type ApiErrorCode =
  | "bad_request"
  | "invalid_sha256"
  | "sha256_mismatch"
  | "unauthorized"
  | "forbidden"
  | "not_found"
  | "conflict"
  | "payload_too_large"
  | "unsupported_media_type"
  | "rate_limited"
  | "service_unavailable"
  | "upload_expired"
  | "precondition_failed"
  | "not_implemented"
  | "internal_error";

/** The one error type `lib/` throws for anything a client should see; route handlers map it to JSON. */
export class ApiError extends Error {
  readonly code: ApiErrorCode;
  readonly status: number;
  readonly retryAfterSeconds?: number;

  constructor({ code, message, status, retryAfterSeconds }: { code: ApiErrorCode; message: string; status: number; retryAfterSeconds?: number }) {
    super(message);
    this.name = "ApiError";
    this.code = code;
    this.status = status;
    this.retryAfterSeconds = retryAfterSeconds;
  }
}

export const badRequest = (message: string, code: ApiErrorCode = "bad_request") =>
  new ApiError({ code, message, status: 400 });
export const unauthorized = (message = "Sign in or send an API token (Authorization: Bearer <token>).") =>
  new ApiError({ code: "unauthorized", message, status: 401 });
export const forbidden = (message: string) => new ApiError({ code: "forbidden", message, status: 403 });
export const notFound = (message = "No such photo.") => new ApiError({ code: "not_found", message, status: 404 });
export const conflict = (message: string) => new ApiError({ code: "conflict", message, status: 409 });
export const payloadTooLarge = (limitBytes: number) =>
  new ApiError({
    code: "payload_too_large",
    message: `The file is larger than the limit of ${limitBytes} bytes.`,
    status: 413,
  });
export const unsupportedMediaType = (message: string) =>
  new ApiError({ code: "unsupported_media_type", message, status: 415 });
export const rateLimited = (retryAfterSeconds: number) =>
  new ApiError({
    code: "rate_limited",
    message: `Too many failed attempts. Try again in ${retryAfterSeconds} seconds.`,
    status: 429,
    retryAfterSeconds,
  });
export const serviceUnavailable = (message: string) =>
  new ApiError({ code: "service_unavailable", message, status: 503 });
