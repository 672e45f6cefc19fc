/** @type {import('next').NextConfig} */
const nextConfig = {
  poweredByHeader: false,
  output: "standalone",
  // Native or process-level packages: loaded by Node at run time, never bundled.
  serverExternalPackages: ["sharp", "@node-rs/argon2", "bullmq", "ioredis", "pino", "pg", "@prisma/adapter-pg"],
  // Tailwind's stylesheet is small (≈ 10 KB compressed) and blocks the first paint: in the HTML it
  // needs no request of its own, which on a slow phone network would share the line with the
  // thumbnails and scripts (placeholders at 1.1 s instead of 0.5 s). Next puts it in the HTML
  // three times (next.js#98110): 19 KB more, which the thumbnails still come out ahead of.
  // authInterrupts: forbidden() answers a non-admin on the admin page with 403.
  experimental: { inlineCss: true, authInterrupts: true },
  // On every response, pages and files alike. The Content-Security-Policy names the store's
  // origin, known only at run time, so proxy.ts adds it (lib/security-headers.ts).
  async headers() {
    return [
      {
        source: "/:path*",
        headers: [
          { key: "X-Content-Type-Options", value: "nosniff" },
          { key: "Referrer-Policy", value: "same-origin" },
          { key: "X-Frame-Options", value: "DENY" },
          { key: "Permissions-Policy", value: "camera=(), microphone=(), geolocation=(), payment=(), usb=()" },
        ],
      },
    ];
  },
};

export default nextConfig;
