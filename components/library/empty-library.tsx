import Link from "next/link";
import { UploadButton } from "@/components/library/upload-button";
import { ImageIcon, KeyIcon, PhoneIcon } from "@/components/ui/icons";

/** The first run: what to do to get photos in. */
export function EmptyLibrary() {
  return (
    <section
      aria-labelledby="empty-heading"
      data-testid="empty-library"
      className="mx-auto mt-6 w-full max-w-2xl rounded-2xl border border-neutral-200 bg-white p-6 text-center shadow-sm sm:mt-12 sm:p-10 dark:border-neutral-800 dark:bg-neutral-900"
    >
      <div className="mx-auto flex size-14 items-center justify-center rounded-2xl bg-indigo-50 text-indigo-600 dark:bg-indigo-950/60 dark:text-indigo-300">
        <ImageIcon className="size-7" />
      </div>
      <h1 id="empty-heading" className="mt-4 text-xl font-semibold tracking-tight sm:text-2xl">
        Back up your first photos
      </h1>
      <p className="mx-auto mt-2 max-w-md text-sm text-neutral-600 dark:text-neutral-400">
        Your library is empty. Choose photos and videos to upload, or drop them anywhere on this page. They stay private to your
        account.
      </p>
      <UploadButton className="mt-6" />

      <ul className="mt-8 grid gap-4 border-t border-neutral-200 pt-6 text-left text-sm sm:grid-cols-2 dark:border-neutral-800">
        <li className="flex gap-3">
          <PhoneIcon className="mt-0.5 size-5 shrink-0 text-indigo-600 dark:text-indigo-400" />
          <div>
            <p className="font-medium">From your phone</p>
            <p className="mt-1 text-neutral-600 dark:text-neutral-400">
              Open this page in your phone&rsquo;s browser, sign in and tap Upload to pick photos from your camera roll.
              Add it to your home screen (&ldquo;Install app&rdquo; or &ldquo;Add to Home Screen&rdquo;) to get back in
              one tap.
            </p>
          </div>
        </li>
        <li className="flex gap-3">
          <KeyIcon className="mt-0.5 size-5 shrink-0 text-indigo-600 dark:text-indigo-400" />
          <div>
            <p className="font-medium">Automatic backups</p>
            <p className="mt-1 text-neutral-600 dark:text-neutral-400">
              Sync apps, shortcuts and scripts upload with a personal API token. Create one per device in{" "}
              <Link
                href="/settings"
                className="font-medium text-indigo-600 underline-offset-4 hover:underline focus-visible:rounded-sm focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-indigo-600 dark:text-indigo-400"
              >
                Settings
              </Link>
              .
            </p>
          </div>
        </li>
      </ul>
    </section>
  );
}
