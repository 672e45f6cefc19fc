import { randomUUID } from "node:crypto";
import type { NextRequest } from "next/server";
import { authenticateApiToken } from "@/lib/auth/authenticate-api-token";
import { auth } from "@/lib/auth";
import { findAccount, type Account } from "@/lib/auth/users";
import { forbidden, unauthorized } from "@/lib/errors";
import { handleApiError } from "@/lib/api/errors";
import { assertSameOrigin } from "@/lib/api/same-origin";
import { discardUnreadBody } from "@/lib/api/discard-unread-body";
import { logger, withLogContext } from "@/lib/logger";

type RouteContext<P> = { params: Promise<P> };
type Handler<C> = (request: NextRequest, context: C) => Promise<Response>;

/** A proxy's request id when it sent a sane one (so its logs and ours line up), else a new one. */
function requestIdOf(request: NextRequest): string {
  const sent = request.headers.get("x-request-id");
  return sent && /^[\w.:-]{1,64}$/.test(sent) ? sent : randomUUID();
}

/**
 * Wraps a route handler: state-changing requests from another site's pages are refused (CSRF),
 * anything it throws becomes the JSON error shape (answered once the client has sent its body),
 * and the request gets an id, answered in `x-request-id`, on every log line written while it runs
 * and on the jobs it queues.
 */
export function withErrors<P = unknown>(handler: Handler<{ params: P }>) {
  return (request: NextRequest, context: RouteContext<P>) => {
    const requestId = requestIdOf(request);
    return withLogContext({ requestId }, async () => {
      const started = performance.now();
      let response: Response;
      try {
        assertSameOrigin(request);
        response = await handler(request, { params: await context.params });
      } catch (error) {
        response = handleApiError(error);
        await discardUnreadBody(request);
      }
      try {
        response.headers.set("x-request-id", requestId);
      } catch {
        response = new Response(response.body, response); // a Response.redirect's headers are read-only
        response.headers.set("x-request-id", requestId);
      }
      const ms = Math.round(performance.now() - started);
      logger.info({ method: request.method, path: request.nextUrl.pathname, status: response.status, ms }, "request");
      return response;
    });
  };
}

/** Like withErrors, for routes that need a user: a bearer API token or the next-auth session cookie. */
export function withUser<P = unknown>(handler: Handler<{ params: P; userId: string }>) {
  return withErrors<P>(async (request, context) => handler(request, { ...context, userId: await authenticate(request) }));
}

/** Like withUser, for the instance's admin only: anyone else gets 403. */
export function withAdmin<P = unknown>(handler: Handler<{ params: P; userId: string; account: Account }>) {
  return withUser<P>(async (request, context) => {
    const account = await findAccount(context.userId);
    if (!account?.isAdmin) throw forbidden("Only the instance's admin may do this.");
    return handler(request, { ...context, account });
  });
}

/**
 * The user of a request's token or session. A token's or session's version is checked against its
 * user's (lib/auth/users.ts), so signing out everywhere, a password reset and disabling the account
 * end them at once.
 */
async function authenticate(request: NextRequest): Promise<string> {
  const header = request.headers.get("authorization");
  if (header) {
    const match = /^Bearer\s+(\S+)$/i.exec(header);
    return authenticateApiToken(match?.[1] ?? "");
  }
  // The session's version is checked against its user's in auth()'s jwt callback (lib/auth/index.ts).
  const session = await auth();
  if (!session?.user?.id) throw unauthorized();
  return session.user.id;
}
