"use client";

import { useEffect } from "react";
import { clearPrivateCaches } from "@/components/pwa/clear-private-caches";

/**
 * On the sign-in and sign-up pages, which a signed-in person is never shown: whoever used this
 * browser is signed out, by Sign out or by a session that ended (a 401 sends the app here), so
 * their offline copies go as well.
 */
export function ClearCachesWhenSignedOut() {
  useEffect(() => {
    void clearPrivateCaches();
  }, []);
  return null;
}
