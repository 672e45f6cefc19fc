import { env } from "@/lib/env";

/** The request header a page reads its nonce from (set by proxy.ts), for an inline script of its own. */
export const NONCE_HEADER = "x-nonce";

/**
 * The Content-Security-Policy pages are served with (proxy.ts). Scripts come from the app's origin,
 * and inline ones (Next's bootstrap and its streamed page data, the page's own) only with this
 * response's nonce: an injected script has none. Styles keep 'unsafe-inline': the grid positions
 * its rows and tiles with style attributes, which a nonce cannot cover, and Tailwind's stylesheet
 * is inlined (`inlineCss`). No 'unsafe-eval' in production ('wasm-unsafe-eval' lets hash-wasm
 * compile its SHA-256); `next dev` needs eval for its refresh runtime. Images, videos and the
 * service worker's fetches may reach the store, at the origin of its signed URLs.
 */
export function contentSecurityPolicy({ nonce, https = false }: { nonce: string; https?: boolean }): string {
  const dev = env.NODE_ENV === "development";
  const store = env.s3PublicOrigin;
  const directives = {
    "default-src": ["'self'"],
    "script-src": ["'self'", `'nonce-${nonce}'`, "'wasm-unsafe-eval'", ...(dev ? ["'unsafe-eval'"] : [])],
    "style-src": ["'self'", "'unsafe-inline'"],
    "img-src": ["'self'", "data:", "blob:", store],
    "media-src": ["'self'", store],
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
