"use client";

import { useRouter } from "next/navigation";
import { useState } from "react";
import { apiRequest } from "@/components/api-client";
import { formatSince } from "@/components/format-since";
import { Field, FormAlert, secondaryButtonClass, SubmitButton } from "@/components/form-controls";
import { useFormSubmit } from "@/components/use-form-submit";
import type { AdminAccount, AdminAccountList } from "@/lib/contract/accounts";
import { formatBytes } from "@/lib/contract/format-bytes";

/** A request's error message, or null when it worked; the list is read again either way. */
async function act(request: () => Promise<unknown>, refresh: () => void): Promise<string | null> {
  try {
    await request();
    return null;
  } catch (error) {
    return (error as Error).message;
  } finally {
    refresh();
  }
}

/** The admin page: add an account, and each account with its figures and actions; the photos the scrub found damaged. */
export function AccountAdmin({ list, selfId }: { list: AdminAccountList; selfId: string }) {
  const router = useRouter();
  const refresh = () => router.refresh();
  return (
    <div className="flex flex-col gap-6 sm:gap-8">
      <AddAccount refresh={refresh} />
      <section aria-labelledby="accounts-heading" className="flex flex-col gap-3">
        <h2 id="accounts-heading" className="text-xl font-semibold tracking-tight">
          Accounts <span className="text-base font-normal text-neutral-500 dark:text-neutral-400">({list.accounts.length})</span>
        </h2>
        <ul className="flex flex-col gap-3">
          {list.accounts.map((account) => (
            <AccountRow key={account.id} account={account} isSelf={account.id === selfId} refresh={refresh} />
          ))}
        </ul>
      </section>
      <DamagedPhotos photos={list.damagedPhotos} />
    </div>
  );
}

const panelClass = "rounded-2xl border border-neutral-200 bg-white p-4 shadow-sm sm:p-6 dark:border-neutral-800 dark:bg-neutral-900";

function AddAccount({ refresh }: { refresh: () => void }) {
  const { hydrated, pending, error, onSubmit } = useFormSubmit(async (form, element) => {
    const message = await act(
      () => apiRequest("/api/v1/admin/accounts", { method: "POST", json: { email: String(form.get("email") ?? "").trim(), password: String(form.get("password") ?? "") }, on401: "throw" }),
      refresh,
    );
    if (message === null) element.reset();
    return message;
  });
  return (
    <section aria-labelledby="add-account-heading" className={panelClass}>
      <h2 id="add-account-heading" className="text-xl font-semibold tracking-tight">
        Add an account
      </h2>
      <p className="mt-1 mb-4 text-sm text-neutral-600 dark:text-neutral-400">Give the person their email and this password; they can sign in at once.</p>
      <form noValidate onSubmit={onSubmit} className="grid gap-4 sm:grid-cols-[1fr_1fr_auto] sm:items-end">
        <Field label="Email" name="email" type="email" autoComplete="off" inputMode="email" required />
        <Field label="Password" name="password" type="text" autoComplete="new-password" required minLength={8} />
        <SubmitButton label="Add account" pendingLabel="Adding…" pending={pending} hydrated={hydrated} className="w-full sm:w-auto" />
        <div className="sm:col-span-3">
          <FormAlert message={error} />
        </div>
      </form>
    </section>
  );
}

function Figure({ label, value }: { label: string; value: string }) {
  return (
    <div className="min-w-0">
      <dt className="text-xs text-neutral-500 dark:text-neutral-400">{label}</dt>
      <dd className="truncate text-sm font-medium text-neutral-900 tabular-nums dark:text-neutral-100">{value}</dd>
    </div>
  );
}

const badgeClass = "rounded-full px-2 py-0.5 text-xs font-medium";

const UNITS = { MB: 1e6, GB: 1e9 } as const;
type Unit = keyof typeof UNITS;

/** A quota as the editor shows it: in GB from 1 GB up, else in MB. */
function quotaInUnits(quotaBytes: number | null): { value: string; unit: Unit } {
  if (quotaBytes === null) return { value: "", unit: "GB" };
  const unit: Unit = quotaBytes >= UNITS.GB ? "GB" : "MB";
  return { value: String(quotaBytes / UNITS[unit]), unit };
}

const selectClass =
  "block rounded-lg border border-neutral-300 bg-white px-2 py-2 text-base text-neutral-900 shadow-xs focus:border-indigo-500 focus:ring-3 focus:ring-indigo-500/25 focus:outline-hidden sm:text-sm dark:border-neutral-700 dark:bg-neutral-950 dark:text-neutral-100";
const inputClass = `${selectClass} w-full min-w-0 px-3`;

function AccountRow({ account, isSelf, refresh }: { account: AdminAccount; isSelf: boolean; refresh: () => void }) {
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [editing, setEditing] = useState<"quota" | "password" | null>(null);
  const path = `/api/v1/admin/accounts/${account.id}`;

  const [notice, setNotice] = useState<string | null>(null);

  async function run(request: () => Promise<unknown>, done?: string) {
    setBusy(true);
    setNotice(null);
    const message = await act(request, refresh);
    setBusy(false);
    setError(message);
    if (message === null) {
      setEditing(null);
      if (done) setNotice(done);
    }
  }

  const patch = (json: { quotaBytes?: number | null; disabled?: boolean }) => run(() => apiRequest(path, { method: "PATCH", json, on401: "throw" }));
  const toggle = (editor: "quota" | "password") => {
    setError(null);
    setEditing(editing === editor ? null : editor);
  };
  const quota = quotaInUnits(account.quotaBytes);

  return (
    <li data-testid="account-row" aria-label={account.email} className={panelClass}>
      <div className="flex flex-wrap items-center gap-2">
        <p className="min-w-0 truncate font-semibold text-neutral-900 dark:text-neutral-100">{account.email}</p>
        {account.isAdmin && <span className={`${badgeClass} bg-indigo-100 text-indigo-800 dark:bg-indigo-950 dark:text-indigo-200`}>admin</span>}
        {account.disabled && <span className={`${badgeClass} bg-red-100 text-red-800 dark:bg-red-950 dark:text-red-200`}>disabled</span>}
      </div>
      <dl className="mt-3 grid grid-cols-2 gap-x-4 gap-y-2 sm:grid-cols-6">
        <Figure label="Photos" value={account.photos.toLocaleString("en")} />
        <Figure label="Stored" value={formatBytes(account.bytes)} />
        <Figure label="Quota" value={account.quotaBytes === null ? "Unlimited" : formatBytes(account.quotaBytes)} />
        <Figure label="Failed" value={String(account.failed)} />
        <Figure label="Damaged" value={String(account.damaged)} />
        <Figure label="Last upload" value={account.lastUploadAt ? formatSince(Date.parse(account.lastUploadAt)) : "Never"} />
      </dl>
      <div className="mt-4 flex flex-wrap gap-2">
        <button type="button" aria-expanded={editing === "quota"} onClick={() => toggle("quota")} className={secondaryButtonClass}>
          Set quota
        </button>
        <button type="button" aria-expanded={editing === "password"} onClick={() => toggle("password")} className={secondaryButtonClass}>
          Reset password
        </button>
        {!isSelf && (
          <button type="button" disabled={busy} onClick={() => patch({ disabled: !account.disabled })} className={secondaryButtonClass}>
            {account.disabled ? "Enable" : "Disable"}
          </button>
        )}
      </div>
      {editing === "quota" && (
        <form
          noValidate
          className="mt-4 flex flex-wrap items-end gap-2"
          onSubmit={(event) => {
            event.preventDefault();
            const form = new FormData(event.currentTarget);
            const text = String(form.get("quota") ?? "").trim();
            const unit = String(form.get("unit")) as Unit;
            const quotaBytes = text === "" ? null : Math.round(Number(text) * UNITS[unit]);
            // NaN would travel as JSON null, which means "unlimited".
            if (quotaBytes !== null && !(quotaBytes > 0)) setError("Enter a size above zero, or leave it empty for no quota.");
            else void patch({ quotaBytes });
          }}
        >
          <label className="flex min-w-0 flex-1 flex-col gap-1.5 text-sm font-medium text-neutral-800 sm:max-w-48 dark:text-neutral-200">
            Quota
            <input name="quota" type="number" inputMode="decimal" step="any" defaultValue={quota.value} placeholder="Unlimited" className={inputClass} autoFocus />
          </label>
          <select name="unit" aria-label="Unit" defaultValue={quota.unit} className={selectClass}>
            <option value="MB">MB</option>
            <option value="GB">GB</option>
          </select>
          <button type="submit" disabled={busy} className={secondaryButtonClass}>
            Save quota
          </button>
          <p className="w-full text-xs text-neutral-500 dark:text-neutral-400">Leave it empty for no quota.</p>
        </form>
      )}
      {editing === "password" && (
        <form
          className="mt-4 flex flex-wrap items-end gap-2"
          onSubmit={(event) => {
            event.preventDefault();
            const password = String(new FormData(event.currentTarget).get("password") ?? "");
            void run(() => apiRequest(`${path}/password`, { method: "PUT", json: { password }, on401: "throw" }), "The new password is set.");
          }}
        >
          <label className="flex min-w-0 flex-1 flex-col gap-1.5 text-sm font-medium text-neutral-800 sm:max-w-72 dark:text-neutral-200">
            New password
            <input name="password" type="text" autoComplete="new-password" className={inputClass} autoFocus />
          </label>
          <button type="submit" disabled={busy} className={secondaryButtonClass}>
            Set password
          </button>
        </form>
      )}
      <p role="status" className={notice ? "mt-3 text-sm text-green-700 dark:text-green-300" : "sr-only"}>
        {notice}
      </p>
      <div className="mt-3">
        <FormAlert message={error} />
      </div>
    </li>
  );
}

function DamagedPhotos({ photos }: { photos: AdminAccountList["damagedPhotos"] }) {
  return (
    <section aria-labelledby="damaged-heading" className={panelClass}>
      <h2 id="damaged-heading" className="text-xl font-semibold tracking-tight">
        Damaged originals
      </h2>
      <p className="mt-1 text-sm text-neutral-600 dark:text-neutral-400">
        Photos whose stored original the nightly check found changed. Each heals when its owner&apos;s device sends it again.
      </p>
      {photos.length === 0 ? (
        <p className="mt-3 text-sm text-neutral-700 dark:text-neutral-300">None found.</p>
      ) : (
        <ul className="mt-3 divide-y divide-neutral-200 rounded-xl border border-neutral-200 dark:divide-neutral-800 dark:border-neutral-800">
          {photos.map((photo) => (
            <li key={photo.id} className="flex flex-wrap justify-between gap-x-4 gap-y-1 px-4 py-3 text-sm">
              <span className="min-w-0 truncate font-medium">{photo.filename}</span>
              <span className="min-w-0 truncate text-neutral-600 dark:text-neutral-400">
                {photo.email} · uploaded {formatSince(Date.parse(photo.uploadedAt))}
              </span>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
