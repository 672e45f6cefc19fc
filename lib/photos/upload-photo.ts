import { createHash, randomUUID } from "node:crypto";
import { Readable } from "node:stream";
import type { ReadableStream as WebReadableStream } from "node:stream/web";
import Busboy from "busboy";
import { fileTypeFromBuffer } from "file-type";
import { z } from "zod";
import { db, isUniqueViolation, type Photo } from "@/lib/db";
import { env } from "@/lib/env";
import { ApiError, badRequest, payloadTooLarge, unsupportedMediaType } from "@/lib/errors";
import { logger } from "@/lib/logger";
import { sha256Schema } from "@/lib/photos/check-photos";
import { invalidateRecentPhotos } from "@/lib/photos/recent-photos-cache";
import { sanitizeFilename } from "@/lib/photos/sanitize-filename";
import { enqueueThumbnails } from "@/lib/queue";
import { deleteObjects, objectKeys, uploadStream } from "@/lib/storage";

/** Judged by content, never by name or the client's Content-Type. */
export const SUPPORTED_IMAGE_TYPES = new Set([
  "image/jpeg",
  "image/png",
  "image/webp",
  "image/heic",
  "image/heif",
  "image/heic-sequence",
  "image/heif-sequence",
  "image/avif",
  "image/gif",
  "image/tiff",
]);

/** Bytes file-type needs to recognise every supported format. */
const SNIFF_BYTES = 4100;
/** Room for boundaries and small fields around the file in a multipart body. */
const MULTIPART_OVERHEAD_BYTES = 64 * 1024;

const uploadFieldsSchema = z.object({
  sha256: sha256Schema.optional(),
  lastModified: z.coerce
    .number({ error: "must be milliseconds since 1970" })
    .int("must be milliseconds since 1970")
    .min(0, "must be milliseconds since 1970")
    .max(8.64e15, "is out of range")
    .optional(),
});

function parseUploadFields(fields: Record<string, string>) {
  const parsed = uploadFieldsSchema.safeParse(fields);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0]!;
  const code = issue.path[0] === "sha256" ? "invalid_sha256" : "bad_request";
  throw badRequest(`${String(issue.path[0])} ${issue.message}.`, code);
}

interface StoredOriginal {
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
 * Streams one multipart upload into the store while hashing it, then records the photo and queues
 * its thumbnails. Memory stays at a few multipart parts whatever the file size. Anything rejected
 * after the bytes were stored has its object removed: a refused upload changes nothing.
 */
export async function uploadPhoto(userId: string, request: Request): Promise<UploadResult> {
  const contentType = request.headers.get("content-type") ?? "";
  if (!/^multipart\/form-data/i.test(contentType) || !request.body) {
    throw badRequest('Send the photo as multipart/form-data with one part named "file".');
  }
  if (Number(request.headers.get("content-length")) > env.MAX_UPLOAD_BYTES + MULTIPART_OVERHEAD_BYTES) {
    throw payloadTooLarge(env.MAX_UPLOAD_BYTES);
  }

  const photoId = randomUUID();
  const key = objectKeys.original(userId, photoId);
  const { fields, stored } = await receiveMultipart(request.body as WebReadableStream, contentType, key);

  try {
    const { sha256: expectedSha256, lastModified } = parseUploadFields(fields);
    if (expectedSha256 && expectedSha256 !== stored.sha256) {
      throw badRequest(`The file's SHA-256 is ${stored.sha256}, not the ${expectedSha256} that was sent.`, "sha256_mismatch");
    }
    const photo = await db.photo.create({
      data: {
        id: photoId,
        userId,
        filename: stored.filename,
        contentType: stored.contentType,
        size: BigInt(stored.size),
        sha256: stored.sha256,
        takenAt: new Date(lastModified ?? Date.now()),
      },
    });
    await Promise.all([
      enqueueThumbnails(photoId).catch((error) =>
        // The row is already `processing`: the worker's reconciler queues it once Redis is back.
        logger.warn({ err: error, photoId }, "could not queue thumbnails; the reconciler will"),
      ),
      invalidateRecentPhotos(userId),
    ]);
    return { photo, duplicate: false };
  } catch (error) {
    await deleteObjects([key]).catch((deleteError) => logger.error({ err: deleteError, key }, "could not remove a refused upload"));
    if (isUniqueViolation(error)) {
      const photo = await db.photo.findUniqueOrThrow({ where: { userId_sha256: { userId, sha256: stored.sha256 } } });
      return { photo, duplicate: true };
    }
    throw error;
  }
}

function receiveMultipart(body: WebReadableStream, contentType: string, key: string) {
  return new Promise<{ fields: Record<string, string>; stored: StoredOriginal }>((resolve, reject) => {
    let busboy: Busboy.Busboy;
    try {
      busboy = Busboy({
        headers: { "content-type": contentType },
        limits: { files: 1, fileSize: env.MAX_UPLOAD_BYTES, fields: 8, fieldSize: 1024, parts: 16 },
      });
    } catch (error) {
      reject(badRequest(`The multipart body is malformed: ${(error as Error).message}.`));
      return;
    }
    const fields: Record<string, string> = {};
    let stored: Promise<StoredOriginal> | undefined;
    let refusal: ApiError | undefined;
    const refuse = (error: ApiError) => (refusal ??= error);

    busboy.on("field", (name, value) => (fields[name] = value));
    busboy.on("file", (name, file, info) => {
      if (name !== "file") {
        file.resume();
        refuse(badRequest(`Unexpected file part "${name}": send the photo in a part named "file".`));
        return;
      }
      try {
        parseUploadFields(fields); // fields sent before the file are checked before storing anything
      } catch (error) {
        file.resume();
        refuse(error as ApiError);
        return;
      }
      stored = storeOriginal(file, key, info.filename);
      stored.catch(() => {}); // awaited on close
    });
    busboy.on("filesLimit", () => refuse(badRequest("Send one file per request.")));
    busboy.on("partsLimit", () => refuse(badRequest("Too many parts in the multipart body.")));
    busboy.on("fieldsLimit", () => refuse(badRequest("Too many fields in the multipart body.")));
    busboy.on("error", (error) => reject(badRequest(`The multipart body is malformed: ${(error as Error).message}.`)));
    busboy.on("close", async () => {
      try {
        if (!stored) throw refusal ?? badRequest('The multipart body has no part named "file".');
        const original = await stored;
        if (refusal) {
          await deleteObjects([key]);
          throw refusal;
        }
        resolve({ fields, stored: original });
      } catch (error) {
        reject(error);
      }
    });

    const source = Readable.fromWeb(body);
    source.on("error", (error) => busboy.destroy(error));
    source.pipe(busboy);
  });
}

async function storeOriginal(file: Readable, key: string, rawFilename: string | undefined): Promise<StoredOriginal> {
  const chunks = file[Symbol.asyncIterator]() as AsyncIterator<Buffer>;
  let tooLarge = false;
  file.once("limit", () => (tooLarge = true));
  // Busboy only moves on once this part is read to its end, whatever happened to it.
  const drain = async () => {
    while (!(await chunks.next()).done);
  };

  try {
    const head: Buffer[] = [];
    let headBytes = 0;
    while (headBytes < SNIFF_BYTES) {
      const next = await chunks.next();
      if (next.done) break;
      head.push(next.value);
      headBytes += next.value.length;
    }
    if (headBytes === 0) throw unsupportedMediaType("The file is empty.");
    const detected = await fileTypeFromBuffer(Buffer.concat(head));
    if (!detected || !SUPPORTED_IMAGE_TYPES.has(detected.mime)) {
      throw unsupportedMediaType(
        `This file is ${detected ? detected.mime : "not an image"}; supported are JPEG, PNG, WebP, HEIC/HEIF, AVIF, GIF and TIFF.`,
      );
    }

    const hash = createHash("sha256");
    let size = 0;
    async function* bytes() {
      const counted = (chunk: Buffer) => {
        hash.update(chunk);
        size += chunk.length;
        return chunk;
      };
      for (const chunk of head) yield counted(chunk);
      for (let next = await chunks.next(); !next.done; next = await chunks.next()) yield counted(next.value);
      if (tooLarge) throw payloadTooLarge(env.MAX_UPLOAD_BYTES);
    }
    await uploadStream(key, Readable.from(bytes()), detected.mime);
    if (tooLarge) throw payloadTooLarge(env.MAX_UPLOAD_BYTES);
    return { filename: sanitizeFilename(rawFilename), contentType: detected.mime, size, sha256: hash.digest("hex") };
  } catch (error) {
    await drain().catch(() => {});
    if (tooLarge) {
      await deleteObjects([key]).catch(() => {});
      throw payloadTooLarge(env.MAX_UPLOAD_BYTES);
    }
    throw error;
  }
}
