"use client";

import { lazy, Suspense, useRef, useState } from "react";
import { clearPrivateCaches } from "@/components/pwa/clear-private-caches";
import { askSignedInUser } from "@/components/pwa/signed-in-user";
import { SignOutButton } from "@/components/sign-out-button";
import { SIGNED_OUT_PATH } from "@/lib/pwa/cache-names";

// Loaded when signing out, not with the header on every first screen.
const ConfirmDialog = lazy(() => import("@/components/ui/confirm-dialog").then((module) => ({ default: module.ConfirmDialog })));
const backupStorage = () => Promise.all([import("@/components/backup/backup-db"), import("@/components/backup/backup-entry")]);

/** Files this browser still has to back up for the signed-in person. */
async function waitingFiles(owner: string | null): Promise<number> {
  if (!owner) return 0;
  const [backupDb, { isPending }] = await backupStorage();
  return (await backupDb.loadEntries().catch(() => [])).filter((entry) => entry.owner === owner && isPending(entry)).length;
}

type Question = { kind: "waiting"; files: number } | { kind: "offline" } | null;

/**
 * Signs out, then removes what this browser keeps of the account: the offline copies of its pages
 * and photos, and the files it queued for backup (the next person to use the browser can neither
 * send nor read them). Files still waiting are named first, for the person to choose; signing out
 * needs the server (the session ends there), so offline it says so and nothing is removed.
 */
export function SignOutForm({ signOut }: { signOut: () => Promise<void> }) {
  const form = useRef<HTMLFormElement>(null);
  const owner = useRef<string | null | undefined>(undefined);
  const [question, setQuestion] = useState<Question>(null);

  const submit = () => {
    setQuestion(null);
    form.current?.requestSubmit();
  };

  return (
    <>
      <form
        ref={form}
        onSubmit={(event) => {
          if (owner.current !== undefined) return;
          event.preventDefault();
          void askSignedInUser().then(
            async (user) => {
              const files = await waitingFiles(user);
              owner.current = user;
              if (files) setQuestion({ kind: "waiting", files });
              else form.current?.requestSubmit();
            },
            () => setQuestion({ kind: "offline" }),
          );
        }}
        action={async () => {
          const user = owner.current;
          owner.current = undefined;
          try {
            await signOut();
          } catch {
            setQuestion({ kind: "offline" });
            return;
          }
          if (user) await backupStorage().then(([backupDb]) => backupDb.deleteOwnerEntries(user)).catch(() => {});
          await clearPrivateCaches();
          // A full load: nothing of this page's state survives, and the sign-in page clears the browser's cache (proxy.ts).
          window.location.assign(new URL(SIGNED_OUT_PATH, window.location.origin));
        }}
      >
        <SignOutButton />
      </form>
      {question && (
        <Suspense>
          {question.kind === "waiting" ? (
            <ConfirmDialog
              open
              title="Sign out before the backup is done?"
              confirmLabel="Sign out"
              onConfirm={submit}
              onCancel={() => {
                owner.current = undefined;
                setQuestion(null);
              }}
            >
              {question.files === 1 ? "1 photo is" : `${question.files} photos are`} still waiting to be backed up from this
              browser. Signing out removes them from it: pick them again after you sign in.
            </ConfirmDialog>
          ) : (
            <ConfirmDialog
              open
              title="You’re offline"
              confirmLabel="Try again"
              onConfirm={submit}
              onCancel={() => setQuestion(null)}
            >
              Signing out ends your session on the server, so it needs the network. Nothing was removed from this browser.
            </ConfirmDialog>
          )}
        </Suspense>
      )}
    </>
  );
}
