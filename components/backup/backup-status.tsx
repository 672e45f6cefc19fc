"use client";

import { useBackupSnapshot } from "@/components/backup/backup-provider";
import { Spinner } from "@/components/form-controls";
import { formatSince } from "@/components/format-since";
import { useOnline } from "@/components/use-online";
import { useTicker } from "@/components/use-ticker";
import { CheckIcon, WarningIcon } from "@/components/ui/icons";

/** The backup's state in the header, always in sight: uploading n of N, waiting, failures, or backed up. */
export function BackupStatus() {
  const { summary, lastBackupAt } = useBackupSnapshot() ?? { summary: null, lastBackupAt: null };
  const online = useOnline();
  useTicker(30_000);
  if (!summary) return null;

  const { total, pending, uploading, failed } = summary;
  let icon = <CheckIcon className="size-4" />;
  let text: string;
  let detail: string;
  let tone = "text-emerald-700 dark:text-emerald-300";
  if (pending) {
    icon = <Spinner />;
    tone = "text-indigo-700 dark:text-indigo-300";
    text = uploading ? `${total - pending + uploading} of ${total}` : online ? `${pending} waiting` : "Offline";
    detail = uploading ? `Backing up ${total - pending + uploading} of ${total}` : `${pending} waiting to back up`;
  } else if (failed) {
    icon = <WarningIcon className="size-4" />;
    tone = "text-red-700 dark:text-red-300";
    text = `${failed} failed`;
    detail = `${failed} ${failed === 1 ? "photo" : "photos"} could not be backed up`;
  } else if (lastBackupAt) {
    text = "Backed up";
    detail = `Backed up, last backup ${formatSince(lastBackupAt)}`;
  } else {
    return null;
  }
  return (
    <p
      role="status"
      data-testid="backup-status"
      title={detail}
      className={`inline-flex shrink-0 items-center gap-1.5 text-sm font-medium tabular-nums ${tone}`}
    >
      {icon}
      <span aria-hidden="true" className="max-sm:hidden">
        {text}
      </span>
      <span className="sr-only">{detail}</span>
    </p>
  );
}
