import { findAccount } from "@/lib/auth/users";
import { formatBytes } from "@/lib/contract/format-bytes";
import { AppError } from "@/lib/errors";
import { findPhotoBySha256, photoUsage } from "@/lib/photos/photo-repository";

/**
 * Refuses (507 quota_exceeded) an upload of `bytes` that would take the user past their quota,
 * before any of its bytes are stored. A file the user already has (its SHA-256 sent first) is
 * never refused: it is answered as a duplicate, or repairs the failed photo, and adds nothing.
 */
export async function assertRoomFor(userId: string, bytes: number, sha256: string | undefined): Promise<void> {
  const account = await findAccount(userId);
  if (account?.quotaBytes == null) return;
  if (sha256 && (await findPhotoBySha256(userId, sha256))) return;
  const quota = Number(account.quotaBytes);
  const { bytes: used } = await photoUsage(userId);
  if (used + bytes <= quota) return;
  throw new AppError(
    "quota_exceeded",
    `Not enough room: this file (${formatBytes(bytes)}) would pass your quota. You use ${formatBytes(used)} of ${formatBytes(quota)}.`,
  );
}
