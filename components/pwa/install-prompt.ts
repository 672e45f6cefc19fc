/** Chrome's and Edge's install offer (not in the DOM typings yet). */
interface BeforeInstallPromptEvent extends Event {
  prompt(): Promise<void>;
  readonly userChoice: Promise<{ outcome: "accepted" | "dismissed" }>;
}

type InstallState =
  /** Running as the installed app, or just installed. */
  | "installed"
  /** The browser offered an install prompt: the Install button shows it. */
  | "available"
  /** iOS and iPadOS: no prompt exists there, only Share → Add to Home Screen. */
  | "ios"
  /** Anything else: maybe through the browser's own menu, maybe not at all. */
  | "unavailable";

let deferred: BeforeInstallPromptEvent | null = null;
let installed = false;
const listeners = new Set<() => void>();
const notify = () => listeners.forEach((listener) => listener());

// At module load, not in an effect: the offer may come before React has hydrated the page that shows it.
if (typeof window !== "undefined") {
  window.addEventListener("beforeinstallprompt", (event) => {
    event.preventDefault(); // our button, not the browser's mini-infobar
    deferred = event as BeforeInstallPromptEvent;
    notify();
  });
  window.addEventListener("appinstalled", () => {
    installed = true;
    deferred = null;
    notify();
  });
}

const isIos = () =>
  /iPad|iPhone|iPod/.test(navigator.userAgent) || (navigator.platform === "MacIntel" && navigator.maxTouchPoints > 1);

const isStandalone = () =>
  window.matchMedia("(display-mode: standalone)").matches ||
  (navigator as Navigator & { standalone?: boolean }).standalone === true;

export function getInstallState(): InstallState {
  if (installed || isStandalone()) return "installed";
  if (deferred) return "available";
  return isIos() ? "ios" : "unavailable";
}

export const getServerInstallState = (): InstallState => "unavailable";

export function subscribeInstallState(listener: () => void) {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

/** Shows the browser's install dialog; an offer can be used once, whatever the answer. */
export async function promptInstall(): Promise<void> {
  const event = deferred;
  if (!event) return;
  deferred = null;
  await event.prompt();
  if ((await event.userChoice).outcome === "accepted") installed = true;
  notify();
}
