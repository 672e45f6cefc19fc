import Link from "next/link";
import type { ReactNode } from "react";
import { Logo } from "@/components/logo";
import { SignOutForm } from "@/components/sign-out-form";
import { SettingsIcon, TrashIcon } from "@/components/ui/icons";

const navLinkClass =
  "inline-flex items-center justify-center gap-1.5 rounded-lg px-2.5 py-2 text-sm font-medium text-neutral-700 transition-colors hover:bg-neutral-100 hover:text-neutral-900 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-indigo-600 aria-[current=page]:text-indigo-700 dark:text-neutral-300 dark:hover:bg-neutral-800 dark:hover:text-neutral-100 dark:focus-visible:outline-indigo-400 dark:aria-[current=page]:text-indigo-300";

/** The signed-in pages' header: name, page actions (Upload on the library), Trash, Settings, the account and Sign out. */
export function AppHeader({
  email,
  current,
  actions,
  signOut,
}: {
  email: string;
  current: "library" | "trash" | "settings" | "admin";
  actions?: ReactNode;
  /** The server action that ends the session. */
  signOut: () => Promise<void>;
}) {
  return (
    <header
      data-app-header=""
      className="sticky top-0 z-20 border-b border-neutral-200 bg-white/85 backdrop-blur dark:border-neutral-800 dark:bg-neutral-900/85"
    >
      <div className="flex items-center gap-2 px-3 py-2.5 sm:gap-3 sm:px-6">
        <Link
          href="/"
          aria-current={current === "library" ? "page" : undefined}
          className="flex shrink-0 items-center gap-2.5 rounded-lg focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-indigo-600 dark:focus-visible:outline-indigo-400"
        >
          <Logo className="size-8 shrink-0" />
          <span className="font-semibold tracking-tight max-sm:sr-only">Photo Backup</span>
        </Link>
        <div className="ml-auto flex min-w-0 items-center gap-1.5 sm:gap-3">
          <span
            className="min-w-0 truncate text-sm text-neutral-600 max-md:sr-only dark:text-neutral-400"
            title={email}
            data-testid="user-email"
          >
            <span className="sr-only">Signed in as </span>
            {email}
          </span>
          {actions}
          <Link href="/trash" aria-current={current === "trash" ? "page" : undefined} className={navLinkClass} title="Deleted photos">
            <TrashIcon className="size-5" />
            <span className="max-sm:sr-only">Trash</span>
          </Link>
          <Link
            href="/settings"
            aria-current={current === "settings" ? "page" : undefined}
            className={navLinkClass}
            title="Devices & API tokens"
          >
            <SettingsIcon className="size-5" />
            <span className="max-sm:sr-only">Settings</span>
          </Link>
          <SignOutForm signOut={signOut} />
        </div>
      </div>
    </header>
  );
}
