import type { BackupSnapshot } from "@/components/backup/backup-queue";

const photos = (count: number) => `${count} ${count === 1 ? "photo" : "photos"}`;

/** The run in one line: "Uploading 4 of 30", "Waiting for the network, 12 left", "30 photos backed up". */
export function backupSummaryText({ summary, role }: BackupSnapshot, online = true): string {
  const { total, pending, uploading, done, duplicates, failed } = summary;
  const finished = total - pending;
  if (pending && role === "follower") return `Backing up in another tab: ${finished} of ${total} done`;
  if (pending && uploading) return `Uploading ${finished + uploading} of ${total}`;
  if (pending && !online) return `Waiting for the network, ${pending} left`;
  if (pending && summary.nextRetryAt) return `Waiting to try again, ${pending} left`;
  if (pending) return `${photos(pending)} queued`;
  const parts = [`${photos(done)} backed up`];
  if (duplicates) parts.push(`${duplicates} already in your library`);
  if (failed) parts.push(`${failed} failed`);
  return parts.join(", ");
}
