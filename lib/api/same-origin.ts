import type { NextRequest } from "next/server";
import { env } from "@/lib/env";
import { forbidden } from "@/lib/errors";

const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

/**
 * CSRF protection for state-changing API requests. Browsers name the page's origin in `Origin` on
 * every POST, PUT, PATCH and DELETE; it must be the app's own (the host the request came to, or
 * one of APP_ORIGIN). API clients (curl, the phone app) send no Origin and are let through: they
 * authenticate with a token, which a page on another site cannot attach without CORS.
 */
export function assertSameOrigin(request: NextRequest): void {
  if (SAFE_METHODS.has(request.method)) return;
  const origin = request.headers.get("origin");
  if (origin === null) return;
  const host = request.headers.get("x-forwarded-host") ?? request.headers.get("host");
  let originHost: string | null = null;
  try {
    originHost = new URL(origin).host;
  } catch {
    // "null" (a sandboxed frame, a privacy-sensitive redirect) or garbage: not the app.
  }
  if ((originHost !== null && originHost === host) || env.APP_ORIGIN?.includes(origin)) return;
  throw forbidden("This request came from another site's page: it was refused. Use the app's own pages, or an API token.");
}
