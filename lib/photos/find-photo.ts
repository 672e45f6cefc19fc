import { z } from "zod";
import { notFound } from "@/lib/errors";
import { findUserPhoto, type PhotoRow } from "@/lib/photos/photo-repository";

const photoIdSchema = z.uuid();

/** A photo id from a URL; anything that is not a uuid names no photo (404, like a missing one). */
export function parsePhotoId(raw: string): string {
  const parsed = photoIdSchema.safeParse(raw);
  if (!parsed.success) throw notFound();
  return parsed.data.toLowerCase();
}

/** A user's photo, or 404: another user's photo is indistinguishable from a missing one. */
export async function findPhoto(userId: string, photoId: string): Promise<PhotoRow> {
  const photo = await findUserPhoto(userId, photoId);
  if (!photo) throw notFound();
  return photo;
}
