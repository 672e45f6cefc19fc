import { redirect } from "next/navigation";
import { ApiTokenPanel } from "@/components/api-token-panel";
import { Logo } from "@/components/logo";
import { SignOutButton } from "@/components/sign-out-button";
import { auth, signOut } from "@/lib/auth";

export const dynamic = "force-dynamic";

async function signOutAction() {
  "use server";
  await signOut({ redirectTo: "/login" });
}

const panelClass =
  "rounded-2xl border border-neutral-200 bg-white p-5 shadow-sm sm:p-8 dark:border-neutral-800 dark:bg-neutral-900";

export default async function HomePage() {
  const session = await auth();
  if (!session?.user?.id) redirect("/login");
  const email = session.user.email ?? "";

  return (
    <div className="flex min-h-dvh flex-col">
      <header className="sticky top-0 z-10 border-b border-neutral-200 bg-white/85 backdrop-blur dark:border-neutral-800 dark:bg-neutral-900/85">
        <div className="mx-auto flex max-w-5xl items-center gap-3 px-4 py-3 sm:px-6">
          <Logo className="size-8 shrink-0" />
          <span className="shrink-0 font-semibold tracking-tight max-sm:sr-only">Photo Backup</span>
          <div className="ml-auto flex min-w-0 items-center gap-3">
            <span
              className="min-w-0 truncate text-sm text-neutral-600 dark:text-neutral-400"
              title={email}
              data-testid="user-email"
            >
              <span className="sr-only">Signed in as </span>
              {email}
            </span>
            <form action={signOutAction}>
              <SignOutButton />
            </form>
          </div>
        </div>
      </header>

      <main className="mx-auto flex w-full max-w-5xl flex-1 flex-col gap-6 px-4 py-6 sm:gap-8 sm:px-6 sm:py-10">
        <section aria-labelledby="backup-heading" className={panelClass}>
          <h1 id="backup-heading" className="text-xl font-semibold tracking-tight sm:text-2xl">
            Back up from any device
          </h1>
          <div className="mt-3 max-w-2xl space-y-3 text-sm leading-relaxed text-neutral-600 dark:text-neutral-400">
            <p>
              Photos are uploaded with the HTTP API, so a phone shortcut, a sync tool or a small script can back up
              straight to your library. Each upload is a <code className={inlineCode}>POST</code> to{" "}
              <code className={inlineCode}>/api/v1/photos</code> with the file in a form field named{" "}
              <code className={inlineCode}>file</code>; sending the same photo twice is harmless.
            </p>
            <p>
              Devices authenticate with a personal API token sent as{" "}
              <code className={inlineCode}>Authorization: Bearer &lt;token&gt;</code>. Create one per device below.
            </p>
          </div>

          <div className="mt-6 border-t border-neutral-200 pt-6 dark:border-neutral-800">
            <h2 className="text-base font-semibold">Personal API token</h2>
            <p className="mt-1 mb-5 text-sm text-neutral-600 dark:text-neutral-400">
              Enter your password again to create a token for this account.
            </p>
            <ApiTokenPanel email={email} />
          </div>
        </section>

        <section aria-labelledby="library-heading" className={panelClass}>
          <h2 id="library-heading" className="text-xl font-semibold tracking-tight">
            Your library
          </h2>
          <div className="mt-5 flex flex-col items-center rounded-xl border-2 border-dashed border-neutral-200 px-4 py-12 text-center dark:border-neutral-800">
            <svg
              viewBox="0 0 24 24"
              fill="none"
              stroke="currentColor"
              strokeWidth="1.5"
              aria-hidden="true"
              className="size-10 text-neutral-400 dark:text-neutral-500"
            >
              <rect x="3" y="4" width="18" height="16" rx="2.5" />
              <circle cx="8.5" cy="9.5" r="1.5" />
              <path d="m21 15-4.5-4.5L7 20" strokeLinecap="round" strokeLinejoin="round" />
            </svg>
            <p className="mt-3 text-sm font-medium">The photo grid is coming soon.</p>
            <p className="mt-1 max-w-sm text-sm text-neutral-600 dark:text-neutral-400">
              Photos you upload are already stored safely; you will be able to browse them here.
            </p>
          </div>
        </section>
      </main>
    </div>
  );
}

const inlineCode =
  "rounded bg-neutral-100 px-1 py-0.5 font-mono text-[0.8125rem] text-neutral-800 dark:bg-neutral-800 dark:text-neutral-200";
