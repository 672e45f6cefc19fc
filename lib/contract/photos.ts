import { z } from "zod";

/*
 * The photo API's shapes, one schema each: route handlers parse requests with them, the OpenAPI
 * document (lib/contract/openapi.ts) is generated from them, and the browser's types are inferred
 * from them. Nothing here may import a server module: the browser imports these types.
 */

const sha256Schema = z
  .string()
  .regex(/^[0-9a-fA-F]{64}$/, "must be 64 hex digits")
  .transform((hex) => hex.toLowerCase())
  .meta({ description: "SHA-256 of the whole file, hex", example: "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08" });

const photoStatusSchema = z.enum(["processing", "ready", "failed"]).meta({
  id: "PhotoStatus",
  description: "processing: stored, thumbnails being made; ready: thumbnails exist; failed: see `error`",
});

const mediaKindSchema = z.enum(["photo", "video"]).meta({ id: "MediaKind", description: "Judged from the bytes: a still image or a video" });
export type MediaKind = z.infer<typeof mediaKindSchema>;

export const thumbnailSizeSchema = z.enum(["small", "medium", "large"]);
export type ThumbnailSize = z.infer<typeof thumbnailSizeSchema>;

export const photoSchema = z
  .object({
    id: z.uuid(),
    filename: z.string().meta({ description: "Display name only; never part of a storage key" }),
    contentType: z.string().meta({ description: "Sniffed from the bytes, not taken from the client", example: "image/jpeg" }),
    kind: mediaKindSchema,
    size: z.int().nonnegative().meta({ description: "Bytes of the original" }),
    sha256: z.string().regex(/^[0-9a-f]{64}$/),
    takenAt: z.iso.datetime({ offset: true }).meta({
      description:
        "The EXIF capture time once the worker has read it (DateTimeOriginal, else CreateDate, else the GPS time; with its UTC offset when recorded or told by the GPS time, else the camera's wall clock as UTC); until then, or without one, the file's lastModified or the upload time",
    }),
    takenAtOffset: z
      .string()
      .regex(/^[+-]\d{2}:\d{2}$/)
      .nullable()
      .meta({ description: 'The UTC offset the camera recorded or the GPS time tells ("+02:00"; "+00:00" for a GPS time alone); null when takenAt is its wall-clock time as UTC' }),
    uploadedAt: z.iso.datetime({ offset: true }),
    width: z.int().positive().nullable().meta({ description: "As displayed (after EXIF orientation); null until ready" }),
    height: z.int().positive().nullable(),
    status: photoStatusSchema,
    error: z.string().nullable().meta({ description: "Why the photo failed; null otherwise" }),
    thumbhash: z.string().nullable().meta({ description: "Base64 ThumbHash placeholder; null until ready" }),
    thumbnails: z
      .record(thumbnailSizeSchema, z.url())
      .nullable()
      .meta({ description: "Signed store URLs of the WebP thumbnails (small 256 px short edge, medium 1080, large 2048); null until ready" }),
    durationMs: z.int().nonnegative().nullable().meta({ description: "A video's length in milliseconds; null for photos and until ready" }),
    playback: z.url().nullable().meta({
      description:
        "A video's signed URL that every browser plays (H.264/AAC MP4: a rendition, or the original when it plays as it is), with range requests; null for photos and until ready",
    }),
    motion: z.url().nullable().meta({ description: "The signed URL of a Live Photo's or Motion Photo's clip (H.264/AAC MP4); null when there is none" }),
  })
  .meta({ id: "Photo" });

/** A photo as the API returns it: the one shape clients see. */
export type Photo = z.infer<typeof photoSchema>;

/** The keyset cursor of a page's next one, as every paged list answers it. */
export const nextCursorSchema = z.string().nullable().meta({ description: "Pass as `cursor` for the next page; null on the last page" });

export const photoPageSchema = z
  .object({ photos: z.array(photoSchema), nextCursor: nextCursorSchema })
  .meta({ id: "PhotoPage" });
export type PhotoPage = z.infer<typeof photoPageSchema>;

export const monthBucketSchema = z
  .object({
    month: z.string().regex(/^\d{4}-\d{2}$/).meta({ description: "The UTC month of takenAt", example: "2024-05" }),
    count: z.int().nonnegative(),
  })
  .meta({ id: "MonthBucket" });
export type MonthBucket = z.infer<typeof monthBucketSchema>;

const MAX_PAGE_SIZE = 500;
const DEFAULT_PAGE_SIZE = 60;

/** A page of a keyset-ordered list: its size, and where the previous page ended. */
export const pageQuerySchema = z.object({
  limit: z.coerce.number().int().min(1).max(MAX_PAGE_SIZE).default(DEFAULT_PAGE_SIZE),
  cursor: z.string().min(1).max(200).optional().meta({ description: "The nextCursor of the previous page" }),
});

export const listPhotosQuerySchema = pageQuerySchema
  .extend({
    before: z.iso
      .datetime({ offset: true, error: "must be an ISO 8601 date-time" })
      .transform((value) => new Date(value))
      .optional()
      .meta({ description: "Start with photos taken strictly before this instant (to jump to a month); not with cursor" }),
  })
  .refine((query) => !(query.cursor && query.before), { error: "send either cursor or before, not both" });

const MAX_CHECK_HASHES = 1000;
/** The largest body a /check request needs: its hashes quoted and comma-separated, with room for spaces. */
export const MAX_CHECK_BODY_BYTES = MAX_CHECK_HASHES * 72 + 1024;

export const checkPhotosSchema = z
  .object({ sha256: z.array(sha256Schema).max(MAX_CHECK_HASHES, `at most ${MAX_CHECK_HASHES} hashes per request`) })
  .meta({ id: "CheckPhotosRequest" });

export const checkPhotosResultSchema = z
  .object({ existing: z.array(z.string().regex(/^[0-9a-f]{64}$/)).meta({ description: "The hashes sent that the library already has" }) })
  .meta({ id: "CheckPhotosResult" });
export type CheckPhotosResult = z.infer<typeof checkPhotosResultSchema>;

/** The fields a client may send with an original, whichever way it uploads. */
export const uploadFieldsSchema = z.object({
  sha256: sha256Schema.optional(),
  lastModified: z.coerce
    .number({ error: "must be milliseconds since 1970" })
    .int("must be milliseconds since 1970")
    .min(0, "must be milliseconds since 1970")
    .max(8.64e15, "is out of range")
    .optional()
    .meta({ description: "The file's last-modified time, ms since 1970: takenAt until EXIF is read" }),
  size: z.coerce
    .number({ error: "must be the file's length in bytes" })
    .int("must be a whole number of bytes")
    .min(1, "must be at least 1")
    .optional()
    .meta({ description: "The file's length, sent before the file: the upload then streams into one PUT" }),
});

export const uploadResultSchema = z
  .object({
    photo: photoSchema,
    duplicate: z.literal(true).optional().meta({ description: "Present when the library already had these bytes: `photo` is that photo" }),
  })
  .meta({ id: "UploadResult" });
export type UploadResult = z.infer<typeof uploadResultSchema>;

export const signedUrlSchema = z
  .object({ url: z.url(), expiresAt: z.iso.datetime({ offset: true }) })
  .meta({ id: "SignedUrl" });
export type SignedUrl = z.infer<typeof signedUrlSchema>;
