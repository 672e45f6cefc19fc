"use client";

import { useRouter } from "next/navigation";
import { apiRequest } from "@/components/api-client";
import { Field, FormAlert, SubmitButton } from "@/components/form-controls";
import { useFormSubmit } from "@/components/use-form-submit";

export function SignupForm() {
  const router = useRouter();
  const { hydrated, pending, error, onSubmit } = useFormSubmit(signUpWith, { pendingAfterSuccess: true });

  async function signUpWith(form: FormData): Promise<string | null> {
    const name = String(form.get("name") ?? "").trim();
    const body = {
      email: String(form.get("email") ?? "").trim(),
      password: String(form.get("password") ?? ""),
      ...(name ? { name } : {}),
    };
    try {
      await apiRequest("/api/v1/auth/signup", { method: "POST", json: body, on401: "throw" });
    } catch (error) {
      return (error as Error).message;
    }
    // The response set the session cookie; stay "pending" while the home page loads.
    router.replace("/");
    router.refresh();
    return null;
  }

  // noValidate: the server's messages are shown in the alert rather than browser bubbles.
  return (
    <form method="post" noValidate onSubmit={onSubmit} className="flex flex-col gap-5" aria-busy={pending}>
      <Field label="Email" name="email" type="email" autoComplete="email" inputMode="email" required autoFocus />
      <Field label="Name" name="name" type="text" autoComplete="name" optional maxLength={100} />
      <Field
        label="Password"
        name="password"
        type="password"
        autoComplete="new-password"
        required
        minLength={8}
        hint="At least 8 characters."
      />
      <FormAlert message={error} />
      <SubmitButton label="Create account" pendingLabel="Creating account…" pending={pending} hydrated={hydrated} />
    </form>
  );
}
