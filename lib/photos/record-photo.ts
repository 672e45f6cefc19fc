import { z } from "zod";
import { db, isUniqueViolation, type Photo } from "@/lib/db";
import { badRequest } from "@/lib/errors";
import { logger } from "@/lib/logger";
import { sha256Schema } from "@/lib/photos/check-photos";
import { invalidateRecentPhotos } from "@/lib/photos/recent-photos-cache";
import { enqueueThumbnails } from "@/lib/queue";
import { deleteObjects, objectKeys } from "@/lib/storage";
import { countMetric } from "@/lib/metrics";

const uploadFieldsSchema = z.object({
  sha256: sha256Schema.optional(),
  lastModified: z.coerce
    .number({ error: "must be milliseconds since 1970" })
    .int("must be milliseconds since 1970")
    .min(0, "must be milliseconds since 1970")
    .max(8.64e15, "is out of range")
    .optional(),
  /** The file's length in bytes, sent before it: the upload then streams straight into one PUT. */
  size: z.coerce.number({ error: "must be the file's length in bytes" }).int("must be a whole number of bytes").min(1, "must be at least 1").optional(),
});

/** The fields a client may send with an original, whichever way it uploads: 400 when one is malformed. */
export function parseUploadFields(fields: Record<string, string | null | undefined>) {
  const parsed = uploadFieldsSchema.safeParse(fields);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0]!;
  const code = issue.path[0] === "sha256" ? "invalid_sha256" : "bad_request";
  throw badRequest(`${String(issue.path[0])} ${issue.message}.`, code);
}

export interface StoredOriginal {
  filename: string;
  contentType: string;
  size: number;
  sha256: string;
}

export interface UploadResult {
  photo: Photo;
  duplicate: boolean;
}

/**
 * The end of every upload, once the original is stored at `originals/<userId>/<photoId>`: checks
 * the fields and the client's hash, records the photo as `processing` and queues its thumbnails. A refused or
 * duplicate upload has its object removed; a duplicate answers with the photo the user already has.
 */
export async function recordPhoto(
  userId: string,
  photoId: string,
  stored: StoredOriginal,
  rawFields: Record<string, string | null | undefined>,
): Promise<UploadResult> {
  const key = objectKeys.original(userId, photoId);
  try {
    const fields = parseUploadFields(rawFields);
    if (fields.sha256 && fields.sha256 !== stored.sha256) {
      throw badRequest(`The file's SHA-256 is ${stored.sha256}, not the ${fields.sha256} that was sent.`, "sha256_mismatch");
    }
    const photo = await db.photo.create({
      data: {
        id: photoId,
        userId,
        filename: stored.filename,
        contentType: stored.contentType,
        size: BigInt(stored.size),
        sha256: stored.sha256,
        takenAt: new Date(fields.lastModified ?? Date.now()),
      },
    });
    await Promise.all([
      enqueueThumbnails(photoId).catch((error) =>
        // The row is already `processing`: the worker's reconciler queues it once Redis is back.
        logger.warn({ err: error, photoId }, "could not queue thumbnails; the reconciler will"),
      ),
      invalidateRecentPhotos(userId),
    ]);
    countMetric("uploads", "created");
    countMetric("upload_bytes", "", stored.size);
    return { photo, duplicate: false };
  } catch (error) {
    const existing = isUniqueViolation(error)
      ? await db.photo.findUnique({ where: { userId_sha256: { userId, sha256: stored.sha256 } } })
      : null;
    // The same upload recorded by a concurrent finish (a resumable upload settled twice): it is this photo.
    if (existing?.id === photoId) return { photo: existing, duplicate: false };
    await deleteObjects([key]).catch((deleteError) => logger.error({ err: deleteError, key }, "could not remove a refused upload"));
    if (existing) {
      countMetric("uploads", "duplicate");
      return { photo: existing, duplicate: true };
    }
    throw error;
  }
}
