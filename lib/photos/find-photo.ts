import { z } from "zod";
import { db, type Photo } from "@/lib/db";
import { notFound } from "@/lib/errors";

const photoIdSchema = z.uuid();

/** A photo id from a URL; anything that is not a uuid names no photo (404, like a missing one). */
export function parsePhotoId(raw: string): string {
  const parsed = photoIdSchema.safeParse(raw);
  if (!parsed.success) throw notFound();
  return parsed.data.toLowerCase();
}

/** A user's photo, or 404: another user's photo is indistinguishable from a missing one. */
export async function findPhoto(userId: string, photoId: string): Promise<Photo> {
  const photo = await db.photo.findFirst({ where: { id: photoId, userId } });
  if (!photo) throw notFound();
  return photo;
}
