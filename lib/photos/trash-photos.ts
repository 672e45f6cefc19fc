import { notFound } from "@/lib/errors";
import { restoreUserPhotos, trashUserPhotos, type PhotoRow } from "@/lib/photos/photo-repository";

/** Moves a photo of the user's library to the trash; 404 when the library has no such photo. */
export async function trashPhoto(userId: string, photoId: string): Promise<void> {
  const [trashed] = await trashUserPhotos(userId, [photoId]);
  if (!trashed) throw notFound();
}

/** Puts those of these photos that are in the user's trash back where they were (same id, same takenAt); the rows restored. */
export const restorePhotos = (userId: string, photoIds: string[]): Promise<PhotoRow[]> => restoreUserPhotos(userId, photoIds);
