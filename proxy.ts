import { NextResponse, type NextRequest } from "next/server";
import { SIGNED_OUT_PATH } from "@/lib/pwa/cache-names";
import { contentSecurityPolicy, NONCE_HEADER } from "@/lib/security-headers";

/**
 * Pages get the Content-Security-Policy, with a nonce of their own (and HSTS behind TLS); API
 * responses and files need neither. Next finds the nonce in the request's copy of the policy and
 * puts it on its scripts.
 */
export function proxy(request: NextRequest) {
  const nonce = btoa(String.fromCharCode(...crypto.getRandomValues(new Uint8Array(16))));
  const https = request.headers.get("x-forwarded-proto") === "https" || request.nextUrl.protocol === "https:";
  const policy = contentSecurityPolicy({ nonce, https });
  const headers = new Headers(request.headers);
  headers.set(NONCE_HEADER, nonce);
  headers.set("Content-Security-Policy", policy);
  const response = NextResponse.next({ request: { headers } });
  response.headers.set("Content-Security-Policy", policy);
  if (https) response.headers.set("Strict-Transport-Security", "max-age=31536000; includeSubDomains");
  // Just signed out: the HTTP cache still holds that account's thumbnails (private, immutable); the page clears the rest.
  if (`${request.nextUrl.pathname}${request.nextUrl.search}` === SIGNED_OUT_PATH) response.headers.set("Clear-Site-Data", '"cache"');
  return response;
}

export const config = {
  // Everything but the API, Next's build files and files with an extension (icons, the service worker).
  matcher: ["/((?!api/|_next/static|_next/image|.*\\.[a-z0-9]+$).*)"],
};
