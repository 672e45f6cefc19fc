import type { Metadata, Viewport } from "next";
import { connection } from "next/server";
import type { ReactNode } from "react";
import { ServiceWorker } from "@/components/pwa/service-worker";

export const metadata: Metadata = {
  title: { default: "Photo Backup", template: "%s · Photo Backup" },
  description: "A private photo backup: upload from any device, browse your library in a fast grid.",
  applicationName: "Photo Backup",
  icons: {
    icon: [{ url: "/favicon.svg", type: "image/svg+xml" }],
    apple: [{ url: "/apple-touch-icon.png", sizes: "180x180", type: "image/png" }],
  },
  // iOS reads these, not the manifest, for a page added to the home screen.
  appleWebApp: { capable: true, title: "Photos", statusBarStyle: "default" },
  robots: { index: false, follow: false },
};

export const viewport: Viewport = {
  width: "device-width",
  initialScale: 1,
  colorScheme: "light dark",
  themeColor: [
    { media: "(prefers-color-scheme: light)", color: "#fafafa" },
    { media: "(prefers-color-scheme: dark)", color: "#0a0a0a" },
  ],
};

export default async function RootLayout({ children }: { children: ReactNode }) {
  // Every page is rendered per request, none at build time: its scripts then carry the nonce of the
  // Content-Security-Policy it is served with (proxy.ts), the offline page and the 404 page too.
  await connection();
  return (
    <html lang="en">
      <body className="min-h-dvh bg-neutral-50 font-sans text-neutral-900 antialiased dark:bg-neutral-950 dark:text-neutral-100">
        {children}
        <ServiceWorker />
      </body>
    </html>
  );
}
