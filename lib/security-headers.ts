import { env } from "@/lib/env";

/**
 * The Content-Security-Policy pages are served with (proxy.ts). Scripts and styles come from the
 * app's origin; Next inlines its bootstrap scripts and, with `inlineCss`, the stylesheet, hence
 * 'unsafe-inline' for both. No 'unsafe-eval' in production ('wasm-unsafe-eval' lets hash-wasm
 * compile its SHA-256); `next dev` needs eval for its refresh runtime. Images and the service
 * worker's fetches may reach the store, at the origin of its signed URLs.
 */
export function contentSecurityPolicy({ https = false } = {}): string {
  const dev = env.NODE_ENV === "development";
  const store = env.s3PublicOrigin;
  const directives = {
    "default-src": ["'self'"],
    "script-src": ["'self'", "'unsafe-inline'", "'wasm-unsafe-eval'", ...(dev ? ["'unsafe-eval'"] : [])],
    "style-src": ["'self'", "'unsafe-inline'"],
    "img-src": ["'self'", "data:", "blob:", store],
    "connect-src": ["'self'", store],
    "font-src": ["'self'"],
    "worker-src": ["'self'", "blob:"],
    "manifest-src": ["'self'"],
    "object-src": ["'none'"],
    "base-uri": ["'self'"],
    "form-action": ["'self'"],
    "frame-ancestors": ["'none'"],
  };
  const policy = Object.entries(directives).map(([name, sources]) => `${name} ${sources.join(" ")}`);
  if (https) policy.push("upgrade-insecure-requests");
  return policy.join("; ");
}
