"use client";

import { memo, useState, type ReactNode } from "react";
import { useBackupQueue, useBackupSnapshot } from "@/components/backup/backup-provider";
import type { BackupItem, BackupQueue } from "@/components/backup/backup-queue";
import { backupSummaryText } from "@/components/backup/backup-summary-text";
import { formatBytes } from "@/lib/contract/format-bytes";
import { formatSince } from "@/components/format-since";
import { CheckIcon, ChevronDownIcon, CloseIcon, WarningIcon } from "@/components/ui/icons";
import { Spinner } from "@/components/form-controls";
import { useOnline } from "@/components/use-online";
import { useTicker } from "@/components/use-ticker";

/** Rows beyond this are summarised: a 5,000-file drop should not build 5,000 list items. */
const MAX_ROWS = 200;

/** The backup queue's files with their progress; stays out of the way when there are none. */
export function UploadPanel() {
  const uploads = useBackupQueue();
  const snapshot = useBackupSnapshot();
  const online = useOnline();
  const [collapsed, setCollapsed] = useState(false);
  useTicker(30_000);
  if (!snapshot?.items.length) return null;
  const { items, summary, lastBackupAt } = snapshot;

  const sent = items.reduce((sum, item) => sum + item.size * item.progress, 0);
  const overall = summary.totalBytes ? sent / summary.totalBytes : 1;
  const shown = items.length > MAX_ROWS ? pickRows(items) : items;

  return (
    <section
      aria-label="Uploads"
      data-testid="upload-panel"
      className="fixed inset-x-0 bottom-0 z-40 flex max-h-[45dvh] flex-col overflow-hidden rounded-t-2xl border border-neutral-200 bg-white shadow-2xl sm:inset-x-auto sm:right-4 sm:bottom-4 sm:max-h-[min(32rem,70dvh)] sm:w-96 sm:rounded-2xl dark:border-neutral-800 dark:bg-neutral-900"
    >
      <div className="flex items-center gap-2 border-b border-neutral-200 py-2 pr-2 pl-4 dark:border-neutral-800">
        <div className="min-w-0 flex-1">
          <p
            data-testid="upload-summary"
            aria-live="polite"
            aria-atomic="true"
            className="truncate text-sm font-semibold"
          >
            {backupSummaryText(snapshot, online)}
          </p>
          {summary.pending > 0 ? (
            <ProgressBar value={overall} label="Overall upload progress" className="mt-1.5" />
          ) : (
            lastBackupAt && (
              <p data-testid="last-backup" className="truncate text-xs text-neutral-600 dark:text-neutral-400">
                Last backup {formatSince(lastBackupAt)}
              </p>
            )
          )}
        </div>
        {summary.failed > 1 && (
          <button type="button" onClick={() => uploads.retryAllFailed()} className={smallButtonClass}>
            Retry all
          </button>
        )}
        <button
          type="button"
          onClick={() => setCollapsed((value) => !value)}
          aria-expanded={!collapsed}
          aria-controls="upload-list"
          className={iconButtonClass}
        >
          <ChevronDownIcon className={`size-5 transition-transform ${collapsed ? "rotate-180" : ""}`} />
          <span className="sr-only">{collapsed ? "Show uploads" : "Hide uploads"}</span>
        </button>
        {summary.pending === 0 && (
          <button type="button" onClick={() => void uploads.clearFinished()} className={iconButtonClass}>
            <CloseIcon className="size-5" />
            <span className="sr-only">Close uploads</span>
          </button>
        )}
      </div>
      <ul id="upload-list" hidden={collapsed} className="min-h-0 flex-1 divide-y divide-neutral-100 overflow-y-auto overscroll-contain dark:divide-neutral-800">
        {shown.map((item) => (
          <UploadRow key={item.id} item={item} uploads={uploads} />
        ))}
        {shown.length < items.length && (
          <li className="px-4 py-2 text-xs text-neutral-500 dark:text-neutral-400">
            and {items.length - shown.length} more
          </li>
        )}
      </ul>
    </section>
  );
}

/** Failures and running uploads first, then the most recent of the rest. */
function pickRows(items: readonly BackupItem[]): BackupItem[] {
  const important = items.filter((item) => item.status === "failed" || item.status === "uploading");
  const rest = items.filter((item) => item.status !== "failed" && item.status !== "uploading");
  return [...important, ...rest].slice(0, MAX_ROWS);
}

const UploadRow = memo(function UploadRow({ item, uploads }: { item: BackupItem; uploads: BackupQueue }) {
  const percent = Math.round(item.progress * 100);
  return (
    <li data-testid="upload-item" data-status={item.status} className="flex items-center gap-3 px-4 py-2.5">
      <StatusIcon status={item.status} />
      <div className="min-w-0 flex-1">
        <div className="flex items-baseline gap-2">
          <p className="min-w-0 flex-1 truncate text-sm font-medium" title={item.name}>
            {item.name}
          </p>
          <span className="shrink-0 text-xs text-neutral-500 tabular-nums dark:text-neutral-400">
            {formatBytes(item.size)}
          </span>
        </div>
        {item.status === "uploading" && (
          <ProgressBar value={item.progress} label={`Uploading ${item.name}`} className="mt-1.5" />
        )}
        <p
          data-testid="upload-status"
          className={`mt-1 text-xs ${item.status === "failed" ? "text-red-700 dark:text-red-300" : "text-neutral-600 dark:text-neutral-400"}`}
        >
          {item.status === "queued" && (item.message ?? "Waiting…")}
          {item.status === "uploading" && (percent >= 100 ? "Saving…" : `Uploading ${percent}%`)}
          {item.status === "done" && "Backed up"}
          {item.status === "duplicate" && "Skipped, already backed up"}
          {item.status === "failed" && `Failed: ${item.message ?? "unknown error"}`}
        </p>
      </div>
      {(item.status === "queued" || item.status === "uploading") && (
        <button type="button" onClick={() => void uploads.cancel(item.id)} className={smallButtonClass}>
          Cancel<span className="sr-only"> upload of {item.name}</span>
        </button>
      )}
      {item.status === "failed" && (
        <button type="button" onClick={() => uploads.retry(item.id)} className={smallButtonClass}>
          Retry<span className="sr-only"> upload of {item.name}</span>
        </button>
      )}
    </li>
  );
});

/** The circle at the start of a row: its colours and symbol by status (an empty one while queued). */
const STATUS_ICONS: Record<BackupItem["status"], { tone: string; symbol: ReactNode }> = {
  done: { tone: "bg-emerald-100 text-emerald-700 dark:bg-emerald-900/50 dark:text-emerald-300", symbol: <CheckIcon className="size-4" /> },
  duplicate: { tone: "bg-neutral-100 text-neutral-500 dark:bg-neutral-800 dark:text-neutral-400", symbol: <CheckIcon className="size-4" /> },
  failed: { tone: "bg-red-100 text-red-700 dark:bg-red-950/60 dark:text-red-300", symbol: <WarningIcon className="size-4" /> },
  uploading: { tone: "bg-indigo-50 text-indigo-600 dark:bg-indigo-950/60 dark:text-indigo-300", symbol: <Spinner /> },
  queued: { tone: "bg-neutral-100 dark:bg-neutral-800", symbol: null },
};

function StatusIcon({ status }: { status: BackupItem["status"] }) {
  const { tone, symbol } = STATUS_ICONS[status];
  return <span className={`flex size-7 shrink-0 items-center justify-center rounded-full ${tone}`}>{symbol}</span>;
}

function ProgressBar({ value, label, className = "" }: { value: number; label: string; className?: string }) {
  const percent = Math.round(Math.min(1, Math.max(0, value)) * 100);
  return (
    <div
      role="progressbar"
      aria-label={label}
      aria-valuemin={0}
      aria-valuemax={100}
      aria-valuenow={percent}
      className={`h-1.5 overflow-hidden rounded-full bg-neutral-200 dark:bg-neutral-800 ${className}`}
    >
      <div
        className="h-full rounded-full bg-indigo-600 transition-[width] duration-200 dark:bg-indigo-400"
        style={{ width: `${percent}%` }}
      />
    </div>
  );
}

const iconButtonClass =
  "inline-flex size-9 shrink-0 items-center justify-center rounded-lg text-neutral-600 hover:bg-neutral-100 hover:text-neutral-900 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-indigo-600 dark:text-neutral-400 dark:hover:bg-neutral-800 dark:hover:text-neutral-100 dark:focus-visible:outline-indigo-400";

const smallButtonClass =
  "shrink-0 rounded-md px-2 py-1 text-xs font-medium text-indigo-700 hover:bg-indigo-50 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-indigo-600 dark:text-indigo-300 dark:hover:bg-indigo-950/60 dark:focus-visible:outline-indigo-400";
