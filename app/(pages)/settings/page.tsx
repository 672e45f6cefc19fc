import type { Metadata } from "next";
import Link from "next/link";
import { redirect } from "next/navigation";
import { signOutAction } from "@/app/(pages)/actions";
import { ApiTokenPanel } from "@/components/api-token-panel";
import { AppHeader } from "@/components/app-header";
import { BackupNotifications } from "@/components/backup/backup-notifications";
import { BackupProvider } from "@/components/backup/backup-provider";
import { FolderBackup } from "@/components/backup/folder-backup";
import { secondaryButtonClass } from "@/components/form-controls";
import { InstallApp } from "@/components/pwa/install-app";
import { SignOutEverywhere } from "@/components/sign-out-everywhere";
import { UsageBar } from "@/components/usage-bar";
import { auth } from "@/lib/auth";
import { describeMe } from "@/lib/auth/me";

export const dynamic = "force-dynamic";

export const metadata: Metadata = { title: "Settings" };

const panelClass =
  "rounded-2xl border border-neutral-200 bg-white p-5 shadow-sm sm:p-8 dark:border-neutral-800 dark:bg-neutral-900";

const inlineCode =
  "rounded bg-neutral-100 px-1 py-0.5 font-mono text-[0.8125rem] text-neutral-800 dark:bg-neutral-800 dark:text-neutral-200";

export default async function SettingsPage() {
  const session = await auth();
  if (!session?.user?.id) redirect("/login?callbackUrl=%2Fsettings");
  const me = await describeMe(session.user.id).catch(() => null);
  if (!me) redirect("/login?callbackUrl=%2Fsettings");
  const { email, isAdmin } = me.account;

  return (
    <div className="flex min-h-dvh flex-col">
      <AppHeader email={email} current="settings" signOut={signOutAction} />

      <main className="mx-auto flex w-full max-w-3xl flex-1 flex-col gap-6 px-4 py-6 sm:gap-8 sm:px-6 sm:py-10">
        <h1 className="text-2xl font-semibold tracking-tight">Settings</h1>
        <section aria-labelledby="storage-heading" className={panelClass}>
          <h2 id="storage-heading" className="text-xl font-semibold tracking-tight">
            Storage
          </h2>
          <div className="mt-4">
            <UsageBar usage={me.usage} quotaBytes={me.quotaBytes} />
          </div>
        </section>
        {isAdmin && (
          <section aria-labelledby="admin-heading" className={panelClass}>
            <h2 id="admin-heading" className="text-xl font-semibold tracking-tight">
              Accounts
            </h2>
            <p className="mt-3 mb-5 max-w-2xl text-sm leading-relaxed text-neutral-600 dark:text-neutral-400">
              You are this instance&apos;s admin: add accounts, set quotas, reset passwords and disable accounts.
            </p>
            <Link href="/admin" className={secondaryButtonClass}>
              Manage accounts
            </Link>
          </section>
        )}
        <section aria-labelledby="folders-heading" className={panelClass}>
          <h2 id="folders-heading" className="text-xl font-semibold tracking-tight">
            Folder backup
          </h2>
          <p className="mt-3 mb-5 max-w-2xl text-sm leading-relaxed text-neutral-600 dark:text-neutral-400">
            Choose the folders your photos land in. Each time you open Photo Backup in this browser, the photos added
            to them since are backed up by themselves.
          </p>
          <BackupProvider owner={session.user.id}>
            <FolderBackup />
          </BackupProvider>
        </section>
        <section aria-labelledby="notifications-heading" className={panelClass}>
          <h2 id="notifications-heading" className="text-xl font-semibold tracking-tight">
            Notifications
          </h2>
          <p className="mt-3 mb-5 max-w-2xl text-sm leading-relaxed text-neutral-600 dark:text-neutral-400">
            Get a notification on this device when a backup finishes while Photo Backup is in the background, on
            this device or another of yours.
          </p>
          <BackupNotifications />
        </section>
        <section aria-labelledby="devices-heading" className={panelClass}>
          <h2 id="devices-heading" className="text-xl font-semibold tracking-tight">
            Devices &amp; API tokens
          </h2>
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
              Every route is described in the{" "}
              <a href="/api/v1/openapi.json" className="font-medium text-indigo-700 underline underline-offset-2 hover:text-indigo-900 dark:text-indigo-300 dark:hover:text-indigo-100">
                API&apos;s OpenAPI document
              </a>
              .
            </p>
          </div>

          <div className="mt-6 border-t border-neutral-200 pt-6 dark:border-neutral-800">
            <h3 className="text-base font-semibold">Personal API token</h3>
            <p className="mt-1 mb-5 text-sm text-neutral-600 dark:text-neutral-400">
              Enter your password again to create a token for this account.
            </p>
            <ApiTokenPanel email={email} />
          </div>
        </section>

        <section aria-labelledby="sessions-heading" className={panelClass}>
          <h2 id="sessions-heading" className="text-xl font-semibold tracking-tight">
            Sign out everywhere
          </h2>
          <p className="mt-3 mb-5 max-w-2xl text-sm leading-relaxed text-neutral-600 dark:text-neutral-400">
            Lost a phone, or signed in on a computer that isn&apos;t yours? End every session of this account at once,
            on all devices and browsers, and every API token with them.
          </p>
          <SignOutEverywhere />
        </section>

        <section aria-labelledby="install-heading" className={panelClass}>
          <h2 id="install-heading" className="text-xl font-semibold tracking-tight">
            Install as an app
          </h2>
          <p className="mt-3 mb-5 max-w-2xl text-sm leading-relaxed text-neutral-600 dark:text-neutral-400">
            Keep Photo Backup on your home screen or dock, in its own window. The photos you looked at last stay
            viewable without a connection.
          </p>
          <InstallApp />
        </section>
      </main>
    </div>
  );
}
