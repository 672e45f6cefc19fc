"use client";

import { signIn } from "next-auth/react";
import { useRouter } from "next/navigation";
import { NETWORK_ERROR_MESSAGE } from "@/components/api-client";
import { Field, FormAlert, SubmitButton } from "@/components/form-controls";
import { useFormSubmit } from "@/components/use-form-submit";

const RATE_LIMITED_MESSAGE = "Too many failed attempts. Wait a few minutes and try again.";
const WRONG_CREDENTIALS_MESSAGE = "Wrong email or password.";
const DISABLED_MESSAGE = "This account is disabled. Ask the instance's admin.";
/** Auth.js reports any error thrown by authorize() other than CredentialsSignin (e.g. the database is down) as "Configuration". */
const UNAVAILABLE_MESSAGE = "Signing in is unavailable right now. Try again shortly.";

/** Only same-origin paths are followed after sign-in, never another site. */
function safeRedirectTarget(callbackUrl: string | undefined): string {
  if (!callbackUrl) return "/";
  try {
    const url = new URL(callbackUrl, window.location.origin);
    if (url.origin !== window.location.origin) return "/";
    if (url.pathname === "/login" || url.pathname === "/signup") return "/";
    return `${url.pathname}${url.search}${url.hash}`;
  } catch {
    return "/";
  }
}

export function LoginForm({ callbackUrl }: { callbackUrl?: string }) {
  const router = useRouter();
  const { hydrated, pending, error, onSubmit } = useFormSubmit(signInWith, { pendingAfterSuccess: true });

  async function signInWith(form: FormData): Promise<string | null> {
    const email = String(form.get("email") ?? "").trim();
    const password = String(form.get("password") ?? "");
    let message: string | null;
    try {
      // next-auth/react needs no SessionProvider for signIn: it posts to /api/auth/callback/credentials.
      const result = await signIn("credentials", { email, password, redirect: false });
      if (!result) message = UNAVAILABLE_MESSAGE;
      else if (result.code === "rate_limited") message = RATE_LIMITED_MESSAGE;
      else if (result.code === "account_disabled") message = DISABLED_MESSAGE;
      else if (result.error === "Configuration") message = UNAVAILABLE_MESSAGE;
      else if (result.error || !result.ok) message = WRONG_CREDENTIALS_MESSAGE;
      else message = null;
    } catch {
      message = NETWORK_ERROR_MESSAGE;
    }

    if (message === null) {
      router.replace(safeRedirectTarget(callbackUrl));
      router.refresh();
    }
    return message;
  }

  return (
    <form method="post" noValidate onSubmit={onSubmit} className="flex flex-col gap-5" aria-busy={pending}>
      <Field label="Email" name="email" type="email" autoComplete="email" inputMode="email" required autoFocus />
      <Field label="Password" name="password" type="password" autoComplete="current-password" required />
      <FormAlert message={error} />
      <SubmitButton label="Sign in" pendingLabel="Signing in…" pending={pending} hydrated={hydrated} />
    </form>
  );
}
