"use client";

import { useEffect, useState } from "react";
import { apiRequest } from "@/components/api-client";
import { primaryButtonClass, secondaryButtonClass } from "@/components/form-controls";
import type { PushSettings } from "@/lib/contract/push";

type State =
  | { kind: "loading" }
  | { kind: "unsupported"; message: string }
  | { kind: "ready"; publicKey: string; subscription: PushSubscription | null };

const UNSUPPORTED_BROWSER =
  "This browser cannot show notifications from Photo Backup. On an iPhone or iPad, add Photo Backup to the Home Screen first.";

async function readState(): Promise<State> {
  if (!("serviceWorker" in navigator) || !("PushManager" in window) || !("Notification" in window)) {
    return { kind: "unsupported", message: UNSUPPORTED_BROWSER };
  }
  const settings = await apiRequest<PushSettings>("/api/v1/push");
  if (!settings.enabled || !settings.publicKey) {
    return { kind: "unsupported", message: "Notifications are not set up on this server." };
  }
  const registration = await navigator.serviceWorker.getRegistration();
  if (!registration) return { kind: "unsupported", message: "The app is still being set up in this browser: reload the page." };
  return { kind: "ready", publicKey: settings.publicKey, subscription: await registration.pushManager.getSubscription() };
}

/** Settings: "tell me when my photos are backed up", through Web Push, for this browser. */
export function BackupNotifications() {
  const [state, setState] = useState<State>({ kind: "loading" });
  const [busy, setBusy] = useState(false);
  const [message, setMessage] = useState<string | null>(null);

  useEffect(() => {
    let cancelled = false;
    readState().then(
      (next) => !cancelled && setState(next),
      () => !cancelled && setState({ kind: "unsupported", message: "Could not read the notification settings." }),
    );
    return () => {
      cancelled = true;
    };
  }, []);

  if (state.kind === "loading") return null;
  if (state.kind === "unsupported") {
    return (
      <p data-testid="notifications-status" className="text-sm text-neutral-600 dark:text-neutral-400">
        {state.message}
      </p>
    );
  }

  const turnOn = async () => {
    if ((await Notification.requestPermission()) !== "granted") {
      setMessage("Notifications are blocked for this site: allow them in the browser's site settings.");
      return;
    }
    const registration = await navigator.serviceWorker.ready;
    const subscription = await registration.pushManager.subscribe({
      userVisibleOnly: true,
      applicationServerKey: state.publicKey,
    });
    await apiRequest("/api/v1/push/subscriptions", { method: "POST", json: subscription.toJSON() });
    setState({ ...state, subscription });
    setMessage("You will be told here when a backup finishes while Photo Backup is in the background.");
  };

  const turnOff = async () => {
    const { subscription } = state;
    if (!subscription) return;
    await apiRequest("/api/v1/push/subscriptions", { method: "DELETE", json: { endpoint: subscription.endpoint } });
    await subscription.unsubscribe();
    setState({ ...state, subscription: null });
    setMessage(null);
  };

  const run = async (task: () => Promise<void>) => {
    setBusy(true);
    try {
      await task();
    } catch (error) {
      setMessage(`That did not work: ${(error as Error).message}`);
    } finally {
      setBusy(false);
    }
  };

  return (
    <div data-testid="notifications">
      {state.subscription ? (
        <button type="button" disabled={busy} onClick={() => run(turnOff)} className={secondaryButtonClass}>
          Turn off notifications
        </button>
      ) : (
        <button type="button" disabled={busy} onClick={() => run(turnOn)} className={primaryButtonClass}>
          Notify me when a backup finishes
        </button>
      )}
      <p role="status" className="mt-3 text-sm text-neutral-700 dark:text-neutral-300">
        {message}
      </p>
    </div>
  );
}
