"use client";

import { SignOutButton } from "@/components/sign-out-button";
import { clearPrivateCaches } from "@/components/pwa/clear-private-caches";

/** Signs out after dropping the offline copies of this account's pages and photos. */
export function SignOutForm({ signOut }: { signOut: () => Promise<void> }) {
  return (
    <form
      action={async () => {
        await clearPrivateCaches();
        await signOut();
      }}
    >
      <SignOutButton />
    </form>
  );
}
