import type { Metadata } from "next";
import { Logo } from "@/components/logo";
import { RetryButton } from "@/components/pwa/retry-button";
import { CloudOffIcon } from "@/components/ui/icons";
import { linkClass } from "@/components/auth-shell";

export const metadata: Metadata = { title: "Offline" };

/** What the service worker shows for a page it has no copy of while the network is gone. */
export default function OfflinePage() {
  return (
    <main className="flex min-h-dvh items-center justify-center px-4 py-10 sm:px-6" data-testid="offline-page">
      <div className="w-full max-w-sm text-center">
        <Logo className="mx-auto size-12" />
        <div className="mt-8 rounded-2xl border border-neutral-200 bg-white p-6 shadow-sm sm:p-8 dark:border-neutral-800 dark:bg-neutral-900">
          <CloudOffIcon className="mx-auto size-10 text-neutral-400 dark:text-neutral-500" />
          <h1 className="mt-4 text-xl font-semibold tracking-tight">You&rsquo;re offline</h1>
          <p className="mt-2 text-sm leading-relaxed text-neutral-600 dark:text-neutral-400">
            This page needs a connection. Your library still shows the photos you looked at last, and everything else is
            back as soon as you are online.
          </p>
          <div className="mt-6 flex flex-col items-center gap-4">
            <RetryButton />
            {/* A full load, which the service worker answers with the last grid; the router's fetch would just fail. */}
            {/* eslint-disable-next-line @next/next/no-html-link-for-pages */}
            <a href="/" className={linkClass}>
              Open your library
            </a>
          </div>
        </div>
      </div>
    </main>
  );
}
