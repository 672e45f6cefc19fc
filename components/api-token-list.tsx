"use client";

import { useEffect, useState } from "react";
import { ApiRequestError, apiRequest } from "@/components/api-client";
import { formatSince } from "@/components/format-since";
import { FormAlert, secondaryButtonClass } from "@/components/form-controls";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import type { ApiTokenSummary } from "@/lib/contract/auth";

const dateFormat = new Intl.DateTimeFormat(undefined, { dateStyle: "medium" });

/** "12 Mar 2027", in the browser's language. */
export const formatDate = (iso: string) => dateFormat.format(Date.parse(iso));

function expiryText(expiresAt: string | null, now: number): string {
  if (!expiresAt) return "never expires";
  return `${Date.parse(expiresAt) <= now ? "expired" : "expires"} ${formatDate(expiresAt)}`;
}

/** The account's API tokens, newest first, each revocable; `version` changes when one is created. */
export function ApiTokenList({ version }: { version: number }) {
  const [tokens, setTokens] = useState<ApiTokenSummary[] | null>(null);
  const [loadedAt, setLoadedAt] = useState(0);
  const [error, setError] = useState<string | null>(null);
  const [revoking, setRevoking] = useState<ApiTokenSummary | null>(null);
  const [reloads, setReloads] = useState(0);

  useEffect(() => {
    let current = true;
    apiRequest<{ tokens: ApiTokenSummary[] }>("/api/v1/auth/tokens", { on401: "throw" })
      .then(({ tokens }) => {
        if (!current) return;
        setTokens(tokens);
        setLoadedAt(Date.now());
      })
      .catch(() => current && setError("Could not load your tokens. Reload the page to try again."));
    return () => {
      current = false;
    };
  }, [version, reloads]);

  async function revoke(token: ApiTokenSummary) {
    setRevoking(null);
    setError(null);
    try {
      await apiRequest(`/api/v1/auth/tokens/${token.id}`, { method: "DELETE", on401: "throw" });
    } catch (error) {
      const { status, message } = error as ApiRequestError;
      if (status === 0) setError(message);
      else if (status !== 404) setError(`The token could not be revoked (HTTP ${status}). Try again.`);
    }
    setReloads((count) => count + 1);
  }

  const name = (token: ApiTokenSummary) => token.label ?? "Unnamed token";

  return (
    <section aria-labelledby="token-list-heading" className="flex flex-col gap-3">
      <h3 id="token-list-heading" className="text-sm font-semibold text-neutral-800 dark:text-neutral-200">
        Your tokens
      </h3>
      <FormAlert message={error} />
      {tokens === null && !error && <p className="text-sm text-neutral-500 dark:text-neutral-400">Loading…</p>}
      {tokens?.length === 0 && (
        <p className="text-sm text-neutral-600 dark:text-neutral-400">No tokens yet: create one above for curl or another app.</p>
      )}
      {tokens && tokens.length > 0 && (
        <ul className="divide-y divide-neutral-200 rounded-xl border border-neutral-200 dark:divide-neutral-800 dark:border-neutral-800">
          {tokens.map((token) => (
            <li key={token.id} data-testid="api-token-row" className="flex flex-wrap items-center gap-x-4 gap-y-2 px-4 py-3">
              <div className="min-w-0 flex-1">
                <p className="truncate text-sm font-medium text-neutral-900 dark:text-neutral-100">{name(token)}</p>
                <p className="text-xs text-neutral-500 dark:text-neutral-400">
                  Created {formatSince(Date.parse(token.createdAt))} ·{" "}
                  {token.lastUsedAt ? `last used ${formatSince(Date.parse(token.lastUsedAt))}` : "never used"} ·{" "}
                  <span data-testid="api-token-expiry">{expiryText(token.expiresAt, loadedAt)}</span>
                </p>
              </div>
              <button type="button" className={secondaryButtonClass} onClick={() => setRevoking(token)}>
                Revoke<span className="sr-only"> {name(token)}</span>
              </button>
            </li>
          ))}
        </ul>
      )}
      <ConfirmDialog
        open={revoking !== null}
        title={`Revoke “${revoking ? name(revoking) : ""}”?`}
        confirmLabel="Revoke"
        onConfirm={() => revoking && void revoke(revoking)}
        onCancel={() => setRevoking(null)}
      >
        Apps and scripts using it stop working at once. This cannot be undone.
      </ConfirmDialog>
    </section>
  );
}
