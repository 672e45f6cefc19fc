"use client";

import { useSyncExternalStore } from "react";
import { primaryButtonClass } from "@/components/form-controls";
import {
  getInstallState,
  getServerInstallState,
  promptInstall,
  subscribeInstallState,
} from "@/components/pwa/install-prompt";
import { CheckIcon, InstallIcon, ShareIcon } from "@/components/ui/icons";

const hintClass = "text-sm leading-relaxed text-neutral-600 dark:text-neutral-400";

/** The settings page's "Install as an app": the browser's prompt where it offers one, else how to. */
export function InstallApp() {
  const state = useSyncExternalStore(subscribeInstallState, getInstallState, getServerInstallState);

  return (
    <div data-testid="install-app" data-state={state}>
      {state === "installed" && (
        <p className={`${hintClass} flex items-center gap-2`}>
          <CheckIcon className="size-5 shrink-0 text-emerald-600 dark:text-emerald-400" />
          Photo Backup is installed on this device.
        </p>
      )}
      {state === "available" && (
        <div className="flex flex-col items-start gap-3 sm:flex-row sm:items-center sm:gap-4">
          <button type="button" className={primaryButtonClass} onClick={() => void promptInstall()}>
            <InstallIcon className="size-5" />
            Install app
          </button>
          <p className={hintClass}>Opens in its own window, from your home screen or dock.</p>
        </div>
      )}
      {state === "ios" && (
        <p className={hintClass} data-testid="ios-install-hint">
          In Safari, tap <strong className="font-semibold text-neutral-800 dark:text-neutral-200">Share</strong>{" "}
          <ShareIcon className="inline size-4 -translate-y-0.5 text-indigo-600 dark:text-indigo-400" /> and then{" "}
          <strong className="font-semibold text-neutral-800 dark:text-neutral-200">Add to Home Screen</strong>.
        </p>
      )}
      {state === "unavailable" && (
        <p className={hintClass}>
          Look for <strong className="font-semibold text-neutral-800 dark:text-neutral-200">Install app</strong> or{" "}
          <strong className="font-semibold text-neutral-800 dark:text-neutral-200">Add to Home screen</strong> in your
          browser&rsquo;s menu (Chrome, Edge, Samsung Internet, Safari on macOS).
        </p>
      )}
    </div>
  );
}
