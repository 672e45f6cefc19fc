import type { ReactNode } from "react";
import { Logo } from "@/components/logo";
import { ClearCachesWhenSignedOut } from "@/components/pwa/clear-caches-when-signed-out";

/** The centred card shared by the sign-in and sign-up pages. */
export function AuthShell({
  title,
  description,
  children,
  footer,
}: {
  title: string;
  description: string;
  children: ReactNode;
  footer: ReactNode;
}) {
  return (
    <main className="flex min-h-dvh items-center justify-center px-4 py-10 sm:px-6">
      <ClearCachesWhenSignedOut />
      <div className="w-full max-w-sm">
        <div className="mb-8 flex flex-col items-center text-center">
          <Logo className="size-12" />
          <p className="mt-3 text-sm font-semibold tracking-wide text-neutral-500 dark:text-neutral-400">Photo Backup</p>
          <h1 className="mt-4 text-2xl font-semibold tracking-tight">{title}</h1>
          <p className="mt-2 text-sm text-neutral-600 dark:text-neutral-400">{description}</p>
        </div>
        <div className="rounded-2xl border border-neutral-200 bg-white p-5 shadow-sm sm:p-8 dark:border-neutral-800 dark:bg-neutral-900">
          {children}
        </div>
        <p className="mt-6 text-center text-sm text-neutral-600 dark:text-neutral-400">{footer}</p>
      </div>
    </main>
  );
}

export const linkClass =
  "font-medium text-indigo-600 underline-offset-4 hover:underline focus-visible:rounded-sm focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-indigo-600 dark:text-indigo-400 dark:focus-visible:outline-indigo-400";
