import { NextResponse, type NextRequest } from "next/server";
import { contentSecurityPolicy } from "@/lib/security-headers";

/** Pages get the Content-Security-Policy (and HSTS behind TLS); API responses and files need neither. */
export function proxy(request: NextRequest) {
  const response = NextResponse.next();
  const https = request.headers.get("x-forwarded-proto") === "https" || request.nextUrl.protocol === "https:";
  response.headers.set("Content-Security-Policy", contentSecurityPolicy({ https }));
  if (https) response.headers.set("Strict-Transport-Security", "max-age=31536000; includeSubDomains");
  return response;
}

export const config = {
  // Everything but the API, Next's build files and files with an extension (icons, the service worker).
  matcher: ["/((?!api/|_next/static|_next/image|.*\\.[a-z0-9]+$).*)"],
};
