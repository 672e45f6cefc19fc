import { randomBytes } from "node:crypto";
import { createUser } from "@/lib/auth/credentials";
import { findUserByEmail, listUsers, resetPassword } from "@/lib/auth/users";
import { emailSchema, passwordSchema, type PublicUser } from "@/lib/contract/auth";
import { notFound } from "@/lib/errors";
import { countPhotosByStatus, photoTotalsByUser, retryFailedPhotos, userPhotoIds } from "@/lib/photos/photo-repository";
import { enqueueThumbnailsAgain, photoQueue } from "@/lib/queue";

/** A password for a person to change: 16 random bytes, typeable. */
const generatedPassword = () => randomBytes(16).toString("base64url");

/** Creates an account; without a password, one is generated (and returned, once). */
export async function adminCreateUser(email: string, password?: string): Promise<{ user: PublicUser; password: string }> {
  const chosen = password ?? generatedPassword();
  const user = await createUser({ email: emailSchema.parse(email), password: passwordSchema.parse(chosen) });
  return { user, password: chosen };
}

async function userByEmail(email: string) {
  const user = await findUserByEmail(emailSchema.parse(email));
  if (!user) throw notFound(`No account with the email ${email}.`);
  return user;
}

/** Sets a new password (generated when none is given) and ends every session and token of the account. */
export async function adminResetPassword(email: string, password?: string): Promise<string> {
  const chosen = password ?? generatedPassword();
  await resetPassword(email, chosen);
  return chosen;
}

interface UserSummary {
  email: string;
  created_at: Date;
  photos: number;
  bytes: number;
  failed: number;
}

/** Every account with its photo count, stored bytes (originals) and failed photos, largest first. */
export async function adminListUsers(): Promise<UserSummary[]> {
  const [users, totals] = await Promise.all([listUsers(), photoTotalsByUser()]);
  return users
    .map((user) => ({ email: user.email, created_at: user.createdAt, ...(totals.get(user.id) ?? { photos: 0, bytes: 0, failed: 0 }) }))
    .sort((a, b) => b.bytes - a.bytes || (a.email < b.email ? -1 : 1));
}

/**
 * Makes a user's thumbnails again (after the sizes changed, or to retry failed photos). Ready
 * photos stay ready while theirs are replaced; failed ones go back to `processing`.
 */
export async function adminReprocessUser(email: string): Promise<number> {
  const { id: userId } = await userByEmail(email);
  await retryFailedPhotos(userId);
  let queued = 0;
  for await (const id of userPhotoIds(userId)) {
    await enqueueThumbnailsAgain(id);
    queued++;
  }
  return queued;
}

/** The job queue's counts, and photos by status. */
export async function adminQueueStatus() {
  const [jobs, photos] = await Promise.all([
    photoQueue().getJobCounts("waiting", "active", "delayed", "failed", "completed", "prioritized"),
    countPhotosByStatus(),
  ]);
  return { jobs, photos };
}
