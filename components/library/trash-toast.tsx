"use client";

import { useEffect, useState } from "react";
import type { LibraryStore } from "@/components/library/library-store";
import { restorePhotos } from "@/components/trash/trash-api";
import { CloseIcon } from "@/components/ui/icons";

const SHOWN_MS = 10_000;

/** Photos just moved to the trash, for the toast that offers to undo it. */
export interface TrashedNotice {
  ids: string[];
}

/**
 * "Moved to the trash · Undo" after a delete: Undo puts the photos back where they were and the
 * grid reloads them. The library renders it inside the viewer while that is open: a modal dialog
 * makes the page behind it inert.
 */
export function TrashToast({ notice, store, onDone }: { notice: TrashedNotice; store: LibraryStore; onDone: () => void }) {
  const [state, setState] = useState<"shown" | "restoring" | { error: string }>("shown");

  useEffect(() => {
    if (state !== "shown") return;
    const timer = setTimeout(onDone, SHOWN_MS);
    return () => clearTimeout(timer);
  }, [state, onDone]);

  const undo = async () => {
    setState("restoring");
    try {
      await restorePhotos(notice.ids);
      await store.loadBuckets();
      onDone();
    } catch (error) {
      setState({ error: (error as Error).message });
    }
  };

  const count = notice.ids.length;
  let message = count === 1 ? "Photo moved to the trash" : `${count} photos moved to the trash`;
  if (typeof state === "object") message = `Could not restore: ${state.error}`;
  return (
    <div
      role="status"
      data-testid="trash-toast"
      className="fixed inset-x-3 bottom-[max(0.75rem,env(safe-area-inset-bottom))] z-50 mx-auto flex max-w-md items-center gap-3 rounded-xl bg-neutral-900 py-2.5 pr-2.5 pl-4 text-sm text-white shadow-lg ring-1 ring-white/10 dark:bg-neutral-100 dark:text-neutral-900"
    >
      <span className="min-w-0 flex-1">{message}</span>
      <button
        type="button"
        onClick={() => void undo()}
        disabled={state === "restoring"}
        className="shrink-0 rounded-lg px-3 py-1.5 font-semibold text-indigo-300 hover:bg-white/10 focus-visible:outline-2 focus-visible:outline-indigo-300 disabled:opacity-60 dark:text-indigo-700 dark:hover:bg-neutral-900/10 dark:focus-visible:outline-indigo-700"
      >
        {state === "restoring" ? "Restoring…" : typeof state === "object" ? "Try again" : "Undo"}
      </button>
      <button
        type="button"
        onClick={onDone}
        aria-label="Dismiss"
        className="shrink-0 rounded-lg p-1.5 text-white/70 hover:bg-white/10 hover:text-white focus-visible:outline-2 focus-visible:outline-indigo-300 dark:text-neutral-900/60 dark:hover:bg-neutral-900/10 dark:hover:text-neutral-900"
      >
        <CloseIcon className="size-4" />
      </button>
    </div>
  );
}
