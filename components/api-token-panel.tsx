"use client";

import { useRef, useState } from "react";
import { ApiRequestError, apiRequest } from "@/components/api-client";
import { ApiTokenList, formatDate } from "@/components/api-token-list";
import { Field, FormAlert, SelectField, SubmitButton, secondaryButtonClass } from "@/components/form-controls";
import { useFormSubmit } from "@/components/use-form-submit";
import type { CreatedTokenAnswer } from "@/lib/contract/auth";

type CreatedToken = { token: string; label: string; origin: string; expiresAt: string | null };

/** The expiries offered, in days; "" never expires. */
const EXPIRY_OPTIONS = [
  { value: "", label: "Never" },
  { value: "30", label: "In 30 days" },
  { value: "90", label: "In 90 days" },
  { value: "365", label: "In 1 year" },
];

/**
 * Creates a personal API token after asking for the password again (the token is shown only once),
 * and lists the account's tokens for revoking.
 */
export function ApiTokenPanel({ email }: { email: string }) {
  const [created, setCreated] = useState<CreatedToken | null>(null);
  const [tokensVersion, setTokensVersion] = useState(0);
  const { hydrated, pending, error, onSubmit } = useFormSubmit(createToken);

  async function createToken(form: FormData, formElement: HTMLFormElement): Promise<string | null> {
    const label = String(form.get("label") ?? "").trim();
    const password = String(form.get("password") ?? "");
    const expiresInDays = Number(form.get("expiresInDays")) || undefined;
    let token: unknown;
    let expiresAt: string | null = null;
    try {
      const body = await apiRequest<Partial<CreatedTokenAnswer> | null>("/api/v1/auth/tokens", {
        method: "POST",
        json: { email, password, ...(label ? { label } : {}), ...(expiresInDays ? { expiresInDays } : {}) },
        on401: "throw",
      });
      token = body?.token;
      expiresAt = body?.expiresAt ?? null;
    } catch (error) {
      return error instanceof ApiRequestError && error.status === 401 ? "Wrong password." : (error as Error).message;
    }
    if (typeof token !== "string") return "The server answered without a token. Try again.";
    setCreated({ token, label, origin: window.location.origin, expiresAt });
    setTokensVersion((version) => version + 1);
    formElement.reset();
    return null;
  }

  return (
    <div className="flex flex-col gap-6">
      <form method="post" noValidate onSubmit={onSubmit} aria-busy={pending} className="flex flex-col gap-5">
        {/* Lets password managers match the password below to this account. */}
        <input type="text" name="username" autoComplete="username" value={email} readOnly hidden />
        <div className="grid gap-5 sm:grid-cols-2">
          <Field
            label="Token label"
            name="label"
            type="text"
            optional
            maxLength={100}
            placeholder="e.g. Phone"
            autoComplete="off"
            hint="Helps you tell your tokens apart."
          />
          <SelectField label="Expires" name="expiresInDays" options={EXPIRY_OPTIONS} hint="After that, it stops working." />
          <Field
            label="Password"
            name="password"
            type="password"
            autoComplete="current-password"
            required
            hint="Confirm it's you."
          />
        </div>
        <FormAlert message={error} />
        <SubmitButton
          label="Create token"
          pendingLabel="Creating token…"
          pending={pending}
          hydrated={hydrated}
          className="w-full sm:w-auto sm:self-start"
        />
      </form>
      {created && <NewToken key={created.token} created={created} />}
      <ApiTokenList version={tokensVersion} />
    </div>
  );
}

function NewToken({ created: { token, label, origin, expiresAt } }: { created: CreatedToken }) {
  const command = `curl -H "Authorization: Bearer ${token}" -F file=@IMG_0001.jpg ${origin}/api/v1/photos`;
  return (
    <section
      aria-labelledby="new-token-heading"
      className="rounded-xl border border-emerald-200 bg-emerald-50/60 p-4 sm:p-5 dark:border-emerald-900/60 dark:bg-emerald-950/30"
    >
      <h3 id="new-token-heading" className="text-sm font-semibold text-emerald-900 dark:text-emerald-200">
        {label ? `Token “${label}” created` : "Token created"}
      </h3>
      <p className="mt-1 text-sm text-emerald-900/80 dark:text-emerald-200/80">
        Copy it now: it is shown only once. Anyone with this token can upload to and read your library
        {expiresAt ? ` until ${formatDate(expiresAt)}, when it expires.` : "."}
      </p>
      <div className="mt-3 flex flex-col gap-2 sm:flex-row sm:items-start">
        <code
          data-testid="api-token"
          className="block min-w-0 flex-1 rounded-lg border border-neutral-300 bg-white px-3 py-2 font-mono text-sm break-all text-neutral-900 select-all dark:border-neutral-700 dark:bg-neutral-950 dark:text-neutral-100"
        >
          {token}
        </code>
        <CopyButton text={token} />
      </div>
      <p className="mt-4 text-sm font-medium text-neutral-800 dark:text-neutral-200">Upload a photo with it:</p>
      <pre
        data-testid="curl-example"
        className="mt-2 rounded-lg bg-neutral-900 px-3 py-2.5 font-mono text-xs leading-relaxed break-all whitespace-pre-wrap text-neutral-100 select-all dark:bg-black/60"
      >
        <code>{command}</code>
      </pre>
    </section>
  );
}

/** Copies with the Clipboard API; on plain http (no secure context) falls back to selecting the text. */
function CopyButton({ text }: { text: string }) {
  const [status, setStatus] = useState<"idle" | "copied" | "manual">("idle");
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);

  async function copy(button: HTMLButtonElement) {
    let copied = false;
    try {
      if (navigator.clipboard && window.isSecureContext) {
        await navigator.clipboard.writeText(text);
        copied = true;
      }
    } catch {
      copied = false;
    }
    if (!copied) copied = copyBySelection(button, text);
    setStatus(copied ? "copied" : "manual");
    clearTimeout(timer.current);
    if (copied) timer.current = setTimeout(() => setStatus("idle"), 2500);
  }

  return (
    <div className="flex shrink-0 items-center gap-3 sm:flex-col sm:gap-1">
      <button type="button" onClick={(event) => copy(event.currentTarget)} className={secondaryButtonClass}>
        <svg viewBox="0 0 20 20" fill="currentColor" aria-hidden="true" className="size-4">
          {status === "copied" ? (
            <path
              fillRule="evenodd"
              d="M16.7 5.3a1 1 0 0 1 0 1.4l-8 8a1 1 0 0 1-1.4 0l-4-4a1 1 0 1 1 1.4-1.4L8 12.6l7.3-7.3a1 1 0 0 1 1.4 0Z"
              clipRule="evenodd"
            />
          ) : (
            <path d="M7 3.5A1.5 1.5 0 0 1 8.5 2h6A1.5 1.5 0 0 1 16 3.5v9a1.5 1.5 0 0 1-1.5 1.5H14V7.5A2.5 2.5 0 0 0 11.5 5H7V3.5ZM4 7.5A1.5 1.5 0 0 1 5.5 6h6A1.5 1.5 0 0 1 13 7.5v9a1.5 1.5 0 0 1-1.5 1.5h-6A1.5 1.5 0 0 1 4 16.5v-9Z" />
          )}
        </svg>
        Copy
      </button>
      <span role="status" className="text-xs text-neutral-600 dark:text-neutral-400">
        {status === "copied" ? "Copied" : status === "manual" ? "Selected: press Ctrl+C or ⌘C" : ""}
      </span>
    </div>
  );
}

/** For insecure contexts (e.g. http://192.168.x.x), where navigator.clipboard does not exist. */
function copyBySelection(button: HTMLButtonElement, text: string): boolean {
  const box = button.closest("section")?.querySelector<HTMLElement>("[data-testid='api-token']");
  const selection = window.getSelection();
  if (!box || !selection) return false;
  const range = document.createRange();
  range.selectNodeContents(box);
  selection.removeAllRanges();
  selection.addRange(range);
  try {
    return document.execCommand("copy") && selection.toString().trim() === text;
  } catch {
    return false;
  }
}
