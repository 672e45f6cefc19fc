import { db, type Photo } from "@/lib/db";
import { notFound } from "@/lib/errors";

/** A user's photo, or 404: another user's photo is indistinguishable from a missing one. */
export async function findPhoto(userId: string, photoId: string): Promise<Photo> {
  const photo = await db.photo.findFirst({ where: { id: photoId, userId } });
  if (!photo) throw notFound();
  return photo;
}
