import { useEffect, useSyncExternalStore } from "react";
import type { LibraryStore } from "@/components/library/library-store";

/**
 * The library as loaded so far. Reads the month counts on mount (unless the server rendered the
 * first screen from a library it just read), and what failed to load once the network is back.
 */
export function useLibrarySnapshot(store: LibraryStore) {
  const snapshot = useSyncExternalStore(store.subscribe, store.getSnapshot, store.getSnapshot);
  useEffect(() => {
    if (!store.startedCurrent()) void store.loadBuckets();
    const retry = () => store.retryFailed();
    window.addEventListener("online", retry);
    return () => window.removeEventListener("online", retry);
  }, [store]);
  return snapshot;
}
