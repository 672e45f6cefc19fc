import { describe, expect, it } from "vitest";
import { errorCodeOfHttpStatus, errorCodeToHttpStatus, handleApiError } from "@/lib/api/errors";
import { rateLimited } from "@/lib/errors";
import { Prisma } from "@/lib/generated/prisma/client";

const prismaError = (code: string, meta?: Record<string, unknown>) =>
  new Prisma.PrismaClientKnownRequestError("Invalid `prisma.user.findFirst()` invocation", { code, clientVersion: "7", meta });

async function answer(error: unknown) {
  const response = handleApiError(error);
  return { status: response.status, body: (await response.json()) as { error: { code: string } } };
}

describe("errors from dependencies", () => {
  // As seen while the load run restarted Postgres (npm run soak).
  it("answer 503 while the database is unreachable, shutting down or out of connections", async () => {
    const unreachable = prismaError("P1001", { driverAdapterError: { name: "DriverAdapterError", cause: { kind: "DatabaseNotReachable" } } });
    const shuttingDown = prismaError("P2039", { driverAdapterError: { name: "DriverAdapterError", cause: { kind: "postgres", code: "57P03" } } });
    const adminShutdown = prismaError("P2010", { driverAdapterError: { name: "DriverAdapterError", cause: { kind: "postgres", code: "57P01" } } });
    const poolTimeout = prismaError("P2024");
    const pgLost = new Error("Connection terminated unexpectedly");
    const pgPoolTimeout = new Error("Connection terminated due to connection timeout", { cause: new Error("connect") });
    for (const error of [
      unreachable,
      shuttingDown,
      adminShutdown,
      poolTimeout,
      pgLost,
      pgPoolTimeout,
      Object.assign(new Error("connect"), { code: "ECONNREFUSED" }),
      Object.assign(new Error("write EPIPE"), { code: "EPIPE" }),
    ]) {
      expect(await answer(error)).toEqual({ status: 503, body: { error: expect.objectContaining({ code: "service_unavailable" }) } });
    }
  });

  it("answer 500 for database errors that a retry would not mend", async () => {
    const syntax = prismaError("P2010", { driverAdapterError: { name: "DriverAdapterError", cause: { kind: "postgres", code: "42601" } } });
    for (const error of [syntax, prismaError("P2025"), new Error("bug")]) {
      expect((await answer(error)).status).toBe(500);
    }
  });
});

describe("errorCodeToHttpStatus", () => {
  it("gives every code a 4xx or 5xx status, and a library's status back the code it stands for", () => {
    for (const [code, status] of Object.entries(errorCodeToHttpStatus)) {
      expect(status, code).toBeGreaterThanOrEqual(400);
      expect(errorCodeToHttpStatus[errorCodeOfHttpStatus(status)]).toBe(status);
    }
    expect([errorCodeOfHttpStatus(400), errorCodeOfHttpStatus(410), errorCodeOfHttpStatus(460), errorCodeOfHttpStatus(502)]).toEqual([
      "bad_request",
      "upload_expired",
      "bad_request",
      "internal_error",
    ]);
  });

  it("answers an AppError with its code's status and Retry-After when it has one", async () => {
    const response = handleApiError(rateLimited(42));
    expect(response.status).toBe(429);
    expect(response.headers.get("retry-after")).toBe("42");
    expect(await response.json()).toEqual({ error: { code: "rate_limited", message: expect.stringContaining("42 seconds") } });
  });
});
