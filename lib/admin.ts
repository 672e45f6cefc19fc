import { randomBytes } from "node:crypto";
import { z } from "zod";
import { createAccount } from "@/lib/auth/credentials";
import { findAccount, findUserByEmail, listAccounts, resetPassword, setDisabled, setQuota, type Account } from "@/lib/auth/users";
import type { AdminAccount, AdminAccountList } from "@/lib/contract/accounts";
import { emailSchema, passwordSchema } from "@/lib/contract/auth";
import { badRequest, notFound } from "@/lib/errors";
import {
  countPhotosByStatus,
  failedPhotosWithReason,
  photoTotalsByUser,
  retryFailedPhotos,
  userPhotoRefs,
  type PhotoTotals,
} from "@/lib/photos/photo-repository";
import { DAMAGED_ORIGINAL } from "@/lib/photos/scrub-originals";
import { enqueueThumbnailsAgain, queue, QUEUE_NAMES } from "@/lib/queue";

/* The instance admin's tasks, for the admin page and API (by account id) and `npm run admin` (by email). */

/** A password for a person to change: 16 random bytes, typeable. */
const generatedPassword = () => randomBytes(16).toString("base64url");

const DAMAGED_PHOTOS_LISTED = 100;
const NO_PHOTOS: PhotoTotals = { photos: 0, bytes: 0, failed: 0, damaged: 0, lastUploadAt: null };

function adminView(account: Account, totals: PhotoTotals): AdminAccount {
  return {
    id: account.id,
    email: account.email,
    isAdmin: account.isAdmin,
    disabled: account.disabledAt !== null,
    createdAt: account.createdAt.toISOString(),
    quotaBytes: account.quotaBytes === null ? null : Number(account.quotaBytes),
    ...totals,
    lastUploadAt: totals.lastUploadAt?.toISOString() ?? null,
  };
}

/** Every account with its photos, bytes, failures and quota (two queries whatever their number), and the photos the scrub found damaged. */
export async function adminListAccounts(): Promise<AdminAccountList> {
  const [accounts, totals, damaged] = await Promise.all([
    listAccounts(),
    photoTotalsByUser(DAMAGED_ORIGINAL),
    failedPhotosWithReason(DAMAGED_ORIGINAL, DAMAGED_PHOTOS_LISTED),
  ]);
  const emails = new Map(accounts.map((account) => [account.id, account.email]));
  return {
    accounts: accounts.map((account) => adminView(account, totals.get(account.id) ?? NO_PHOTOS)),
    damagedPhotos: damaged.map((photo) => ({
      id: photo.id,
      email: emails.get(photo.userId) ?? "",
      filename: photo.filename,
      uploadedAt: photo.uploadedAt.toISOString(),
    })),
  };
}

/** Adds an account whatever SIGNUP says; without a password, one is generated (and returned, once). */
export async function adminCreateAccount(email: string, password?: string): Promise<{ account: AdminAccount; password: string }> {
  const chosen = password ?? generatedPassword();
  const account = await createAccount({ email: emailSchema.parse(email), password: passwordSchema.parse(chosen) });
  return { account: adminView(account, NO_PHOTOS), password: chosen };
}

/** An account id from a URL; anything that is not a uuid names no account (404, like a missing one). */
export function parseAccountId(raw: string): string {
  const parsed = z.uuid().safeParse(raw);
  if (!parsed.success) throw notFound("No such account.");
  return parsed.data.toLowerCase();
}

async function accountOrNotFound(userId: string): Promise<Account> {
  const account = await findAccount(userId);
  if (!account) throw notFound("No such account.");
  return account;
}

export async function accountIdByEmail(email: string): Promise<string> {
  const user = await findUserByEmail(emailSchema.parse(email));
  if (!user) throw notFound(`No account with the email ${email}.`);
  return user.id;
}

/** Sets a new password (generated when none is given) and ends every session and token of the account. */
export async function adminResetPassword(userId: string, password?: string): Promise<string> {
  const chosen = password ?? generatedPassword();
  if (!(await resetPassword(userId, chosen))) throw notFound("No such account.");
  return chosen;
}

/**
 * Sets an account's quota (null: unlimited) and whether it is disabled. `actorId` is the admin
 * acting through the web, who cannot disable their own account (nobody would be left to enable it).
 */
export async function adminUpdateAccount(
  userId: string,
  update: { quotaBytes?: number | null; disabled?: boolean },
  actorId?: string,
): Promise<void> {
  if (update.disabled && userId === actorId) throw badRequest("You cannot disable your own account.");
  await accountOrNotFound(userId);
  if (update.quotaBytes !== undefined) await setQuota(userId, update.quotaBytes === null ? null : BigInt(update.quotaBytes));
  if (update.disabled !== undefined) await setDisabled(userId, update.disabled);
}

/**
 * Makes a user's thumbnails again (after the sizes changed, or to retry failed photos). Ready
 * photos stay ready while theirs are replaced; failed ones go back to `processing`.
 */
export async function adminReprocessUser(email: string): Promise<number> {
  const userId = await accountIdByEmail(email);
  await retryFailedPhotos(userId);
  let queued = 0;
  for await (const photo of userPhotoRefs(userId)) {
    await enqueueThumbnailsAgain(photo);
    queued++;
  }
  return queued;
}

/** Each job queue's counts (photos, videos), and photos by status. */
export async function adminQueueStatus() {
  const [counts, photos] = await Promise.all([
    Promise.all(QUEUE_NAMES.map((name) => queue(name).getJobCounts("waiting", "active", "delayed", "failed", "completed", "prioritized"))),
    countPhotosByStatus(),
  ]);
  return { queues: Object.fromEntries(QUEUE_NAMES.map((name, index) => [name, counts[index]!])), photos };
}
