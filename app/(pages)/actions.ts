"use server";

import { signOut } from "@/lib/auth";

/**
 * Sign out, from the signed-in pages' header, which then loads the sign-in page afresh
 * (SIGNED_OUT_PATH): that page is answered with Clear-Site-Data (proxy.ts), so the browser's own
 * HTTP cache of this account's thumbnails goes too.
 */
export async function signOutAction() {
  await signOut({ redirect: false });
}
