import { z } from "zod";
import { nextCursorSchema, photoSchema } from "@/lib/contract/photos";

/* The trash's shapes: deleted photos stay restorable for TRASH_DAYS, then the nightly purge deletes them for good. */

export const trashedPhotoSchema = photoSchema
  .extend({
    trashedAt: z.iso.datetime({ offset: true }).meta({ description: "When the photo was deleted (moved to the trash)" }),
    purgeAt: z.iso
      .datetime({ offset: true })
      .meta({ description: "When its time in the trash (TRASH_DAYS) ends: the next nightly purge after it deletes it for good" }),
  })
  .meta({ id: "TrashedPhoto" });
export type TrashedPhoto = z.infer<typeof trashedPhotoSchema>;

export const trashPageSchema = z
  .object({ photos: z.array(trashedPhotoSchema), nextCursor: nextCursorSchema })
  .meta({ id: "TrashPage" });
export type TrashPage = z.infer<typeof trashPageSchema>;

const MAX_IDS = 1000;
const photoIdsSchema = z
  .array(z.uuid().transform((id) => id.toLowerCase()))
  .min(1)
  .max(MAX_IDS, `at most ${MAX_IDS} ids per request`)
  .meta({ description: "Ids of photos in your trash; others (in the library, deleted for good, another user's) are left alone" });

export const restorePhotosSchema = z.object({ ids: photoIdsSchema }).meta({ id: "RestorePhotosRequest" });

export const emptyTrashSchema = z
  .object({ ids: photoIdsSchema.optional() })
  .meta({ id: "EmptyTrashRequest", description: "Without `ids` (or with no body at all), the whole trash" });

export const restoreResultSchema = z
  .object({ restored: z.int().nonnegative().meta({ description: "How many photos went back to the library" }) })
  .meta({ id: "RestoreResult" });
export type RestoreResult = z.infer<typeof restoreResultSchema>;

export const emptyTrashResultSchema = z
  .object({ deleted: z.int().nonnegative().meta({ description: "How many photos were deleted for good" }) })
  .meta({ id: "EmptyTrashResult" });
export type EmptyTrashResult = z.infer<typeof emptyTrashResultSchema>;
