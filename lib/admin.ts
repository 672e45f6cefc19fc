import { randomBytes } from "node:crypto";
import { z } from "zod";
import { createUser, emailSchema, passwordSchema, type PublicUser } from "@/lib/auth/credentials";
import { hashPassword } from "@/lib/auth/password";
import { db } from "@/lib/db";
import { notFound } from "@/lib/errors";
import { enqueueThumbnails, photoQueue, thumbnailJobId } from "@/lib/queue";

/** A password for a person to change: 16 random bytes, typeable. */
const generatedPassword = () => randomBytes(16).toString("base64url");

/** Creates an account; without a password, one is generated (and returned, once). */
export async function adminCreateUser(email: string, password?: string): Promise<{ user: PublicUser; password: string }> {
  const chosen = password ?? generatedPassword();
  const user = await createUser({ email: emailSchema.parse(email), password: passwordSchema.parse(chosen) });
  return { user, password: chosen };
}

async function userByEmail(email: string) {
  const user = await db.user.findUnique({ where: { email: emailSchema.parse(email) }, select: { id: true, email: true } });
  if (!user) throw notFound(`No account with the email ${email}.`);
  return user;
}

/** Sets a new password (generated when none is given). Sessions already open run until they expire. */
export async function adminResetPassword(email: string, password?: string): Promise<string> {
  const { id } = await userByEmail(email);
  const chosen = password ?? generatedPassword();
  await db.user.update({ where: { id }, data: { passwordHash: await hashPassword(passwordSchema.parse(chosen)) } });
  return chosen;
}

const userRowSchema = z.object({
  email: z.string(),
  created_at: z.date(),
  photos: z.coerce.number(),
  bytes: z.coerce.number(),
  failed: z.coerce.number(),
});
export type UserSummary = z.infer<typeof userRowSchema>;

/** Every account with its photo count, stored bytes (originals) and failed photos, largest first. */
export async function adminListUsers(): Promise<UserSummary[]> {
  const rows = await db.$queryRaw`
    SELECT u.email, u.created_at,
           count(p.id) AS photos,
           coalesce(sum(p.size), 0) AS bytes,
           count(p.id) FILTER (WHERE p.status = 'failed') AS failed
      FROM users u
      LEFT JOIN photos p ON p.user_id = u.id
     GROUP BY u.id
     ORDER BY bytes DESC, u.email`;
  return z.array(userRowSchema).parse(rows);
}

/**
 * Makes a user's thumbnails again (after the sizes changed, or to retry failed photos). Ready
 * photos stay ready while theirs are replaced; failed ones go back to `processing`.
 */
export async function adminReprocessUser(email: string): Promise<number> {
  const { id: userId } = await userByEmail(email);
  const queue = photoQueue();
  await db.photo.updateMany({ where: { userId, status: "failed" }, data: { status: "processing", error: null } });
  let queued = 0;
  let after: string | undefined;
  for (;;) {
    const photos = await db.photo.findMany({
      where: { userId, ...(after ? { id: { gt: after } } : {}) },
      select: { id: true },
      orderBy: { id: "asc" },
      take: 500,
    });
    for (const { id } of photos) {
      // A job kept from an earlier run (failed ones are kept a week) would make the new one a no-op.
      const previous = await queue.getJob(thumbnailJobId(id));
      if (previous && ["failed", "completed"].includes(await previous.getState())) await previous.remove();
      await enqueueThumbnails(id);
      queued++;
    }
    if (photos.length < 500) return queued;
    after = photos.at(-1)!.id;
  }
}

/** The job queue's counts, and photos by status. */
export async function adminQueueStatus() {
  const [jobs, photos] = await Promise.all([
    photoQueue().getJobCounts("waiting", "active", "delayed", "failed", "completed", "prioritized"),
    db.photo.groupBy({ by: ["status"], _count: { _all: true } }),
  ]);
  return {
    jobs,
    photos: Object.fromEntries(photos.map((row) => [row.status, row._count._all])) as Partial<Record<"processing" | "ready" | "failed", number>>,
  };
}
