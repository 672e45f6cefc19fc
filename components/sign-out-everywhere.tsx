"use client";

import { useState } from "react";
import { ApiRequestError, apiRequest } from "@/components/api-client";
import { FormAlert } from "@/components/form-controls";
import { clearPrivateCaches } from "@/components/pwa/clear-private-caches";
import { ConfirmDialog, dangerButtonClass } from "@/components/ui/confirm-dialog";
import { SIGNED_OUT_PATH } from "@/lib/pwa/cache-names";

/** Ends every session and API token of the account, after confirming; this browser then goes to the sign-in page. */
export function SignOutEverywhere() {
  const [confirming, setConfirming] = useState(false);
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<string | null>(null);

  async function signOutEverywhere() {
    setConfirming(false);
    setPending(true);
    setError(null);
    try {
      await apiRequest("/api/v1/auth/sign-out-everywhere", { method: "POST", on401: "throw" });
    } catch (error) {
      // A 401: this session had ended already, which is what was asked.
      if (!(error instanceof ApiRequestError && error.status === 401)) {
        setError((error as Error).message);
        setPending(false);
        return;
      }
    }
    await clearPrivateCaches();
    // A full load on purpose: this session has ended with the others, so none of this page's state should survive;
    // the signed-out page clears the browser's cache too, as after Sign out (proxy.ts).
    window.location.assign(new URL(SIGNED_OUT_PATH, window.location.origin));
  }

  return (
    <div className="flex flex-col gap-3">
      <FormAlert message={error} />
      <button
        type="button"
        disabled={pending}
        onClick={() => setConfirming(true)}
        className={`${dangerButtonClass} w-full sm:w-auto sm:self-start`}
      >
        {pending ? "Signing out everywhere…" : "Sign out everywhere"}
      </button>
      <ConfirmDialog
        open={confirming}
        title="Sign out everywhere?"
        confirmLabel="Sign out everywhere"
        onConfirm={() => void signOutEverywhere()}
        onCancel={() => setConfirming(false)}
      >
        Every browser signed in to this account, this one included, is signed out, and every API token stops working
        and is deleted. Phones and scripts need a new token.
      </ConfirmDialog>
    </div>
  );
}
