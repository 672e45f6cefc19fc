import type { NextRequest } from "next/server";
import { findUserIdByToken } from "@/lib/auth/api-tokens";
import { auth } from "@/lib/auth";
import { unauthorized } from "@/lib/errors";
import { handleApiError } from "@/lib/api/handle-error";

type RouteContext<P> = { params: Promise<P> };
type Handler<C> = (request: NextRequest, context: C) => Promise<Response>;

/** Wraps a route handler so that anything it throws becomes the JSON error shape. */
export function withErrors<P = unknown>(handler: Handler<{ params: P }>) {
  return async (request: NextRequest, context: RouteContext<P>) => {
    try {
      return await handler(request, { params: await context.params });
    } catch (error) {
      return handleApiError(error);
    }
  };
}

/** Like withErrors, for routes that need a user: a bearer API token or the next-auth session cookie. */
export function withUser<P = unknown>(handler: Handler<{ params: P; userId: string }>) {
  return withErrors<P>(async (request, context) => {
    const userId = await authenticate(request);
    return handler(request, { ...context, userId });
  });
}

async function authenticate(request: NextRequest): Promise<string> {
  const header = request.headers.get("authorization");
  if (header) {
    const match = /^Bearer\s+(\S+)$/i.exec(header);
    const userId = match ? await findUserIdByToken(match[1]!) : null;
    if (!userId) throw unauthorized("The API token is invalid or has been revoked.");
    return userId;
  }
  const session = await auth();
  if (!session?.user?.id) throw unauthorized();
  return session.user.id;
}
