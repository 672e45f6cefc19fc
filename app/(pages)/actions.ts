"use server";

import { signOut } from "@/lib/auth";

/** Sign out, from the signed-in pages' header. */
export async function signOutAction() {
  await signOut({ redirectTo: "/login" });
}
