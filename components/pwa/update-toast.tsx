"use client";

import { useSerwist } from "@serwist/turbopack/react";
import { useEffect, useState } from "react";
import { CloseIcon } from "@/components/ui/icons";

/** "A new version is available": shown while a newer service worker waits; Reload switches to it. */
export function UpdateToast() {
  const { serwist } = useSerwist();
  const [waiting, setWaiting] = useState(false);
  const [reloading, setReloading] = useState(false);

  useEffect(() => {
    if (!serwist) return;
    const onWaiting = () => setWaiting(true);
    serwist.addEventListener("waiting", onWaiting);
    return () => serwist.removeEventListener("waiting", onWaiting);
  }, [serwist]);

  if (!waiting || !serwist) return null;

  const reload = () => {
    setReloading(true);
    serwist.addEventListener("controlling", () => window.location.reload());
    serwist.messageSkipWaiting();
  };

  return (
    <div
      role="status"
      data-testid="update-toast"
      className="fixed inset-x-3 bottom-[max(0.75rem,env(safe-area-inset-bottom))] z-50 mx-auto flex max-w-md items-center gap-3 rounded-xl bg-neutral-900 py-2.5 pr-2.5 pl-4 text-sm text-white shadow-lg ring-1 ring-black/5 dark:bg-neutral-100 dark:text-neutral-900"
    >
      <span className="min-w-0 flex-1">A new version is available</span>
      <button
        type="button"
        onClick={reload}
        disabled={reloading}
        className="shrink-0 rounded-lg px-3 py-1.5 font-semibold text-indigo-300 hover:bg-white/10 focus-visible:outline-2 focus-visible:outline-indigo-300 disabled:opacity-60 dark:text-indigo-700 dark:hover:bg-neutral-900/10 dark:focus-visible:outline-indigo-700"
      >
        {reloading ? "Reloading…" : "Reload"}
      </button>
      <button
        type="button"
        onClick={() => setWaiting(false)}
        aria-label="Later"
        className="shrink-0 rounded-lg p-1.5 text-white/70 hover:bg-white/10 hover:text-white focus-visible:outline-2 focus-visible:outline-indigo-300 dark:text-neutral-900/60 dark:hover:bg-neutral-900/10 dark:hover:text-neutral-900"
      >
        <CloseIcon className="size-4" />
      </button>
    </div>
  );
}
