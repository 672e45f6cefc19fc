"use client";

import { useFormStatus } from "react-dom";
import { secondaryButtonClass } from "@/components/form-controls";

/** The submit button of the sign-out form (a server action); shows progress while it runs. */
export function SignOutButton() {
  const { pending } = useFormStatus();
  return (
    <button type="submit" disabled={pending} className={`${secondaryButtonClass} shrink-0`}>
      {pending ? "Signing out…" : "Sign out"}
    </button>
  );
}
