import { randomUUID } from "node:crypto";
import { Readable } from "node:stream";
import type { ReadableStream as WebReadableStream } from "node:stream/web";
import Busboy from "busboy";
import { env } from "@/lib/env";
import { countMetric } from "@/lib/metrics";
import { badRequest, isRefusal, payloadTooLarge, serviceUnavailable, type AppError } from "@/lib/errors";
import { digestingBytes, readMediaHead } from "@/lib/photos/inspect-original";
import { assertRoomFor } from "@/lib/photos/quota";
import { parseUploadFields, recordPhoto, sha256Mismatch, type RecordedPhoto, type StoredOriginal } from "@/lib/photos/record-photo";
import { sanitizeFilename } from "@/lib/photos/sanitize-filename";
import { maxUploadBodyBytes } from "@/lib/photos/upload-limits";
import { deleteObjects, isChecksumRefusal, objectKeys, putObjectStream, uploadStream } from "@/lib/storage";

/**
 * Streams one multipart upload into the store while hashing it, then records the photo and queues
 * its thumbnails. Memory stays at a few multipart parts whatever the file size. Anything rejected
 * after the bytes were stored has its object removed: a refused upload changes nothing.
 */
export async function uploadPhoto(userId: string, request: Request): Promise<RecordedPhoto> {
  const contentType = request.headers.get("content-type") ?? "";
  if (!/^multipart\/form-data/i.test(contentType) || !request.body) {
    throw badRequest('Send the photo as multipart/form-data with one part named "file".');
  }
  if (Number(request.headers.get("content-length")) > maxUploadBodyBytes()) {
    throw payloadTooLarge(env.MAX_UPLOAD_BYTES);
  }

  const photoId = randomUUID();
  const key = objectKeys.original(userId, photoId);
  try {
    // Before the file's size is known (no size field), the whole request's length stands for it.
    const requestBytes = Number(request.headers.get("content-length")) || 0;
    const roomFor = (declared: { size?: number; sha256?: string }) => assertRoomFor(userId, declared.size ?? requestBytes, declared.sha256);
    const { fields, stored } = await receiveMultipart(request.body as WebReadableStream, contentType, key, roomFor);
    // A body of unknown length (chunked, without a size field) is measured only once stored: removed if it does not fit.
    if (!requestBytes && fields.size === undefined) {
      await assertRoomFor(userId, stored.size, stored.sha256).catch(async (error) => {
        await deleteObjects([key]);
        throw error;
      });
    }
    return await recordPhoto(userId, photoId, stored, fields);
  } catch (error) {
    if (isRefusal(error)) countMetric("uploads", "rejected");
    throw error;
  }
}

function receiveMultipart(
  body: WebReadableStream,
  contentType: string,
  key: string,
  roomFor: (declared: { size?: number; sha256?: string }) => Promise<void>,
) {
  return new Promise<{ fields: Record<string, string>; stored: StoredOriginal }>((resolve, reject) => {
    let busboy: Busboy.Busboy;
    try {
      busboy = Busboy({
        headers: { "content-type": contentType },
        // Browsers and curl send file names as raw UTF-8; busboy would read them as Latin-1.
        defParamCharset: "utf8",
        limits: { files: 1, fileSize: env.MAX_UPLOAD_BYTES, fields: 8, fieldSize: 1024, parts: 16 },
      });
    } catch (error) {
      reject(badRequest(`The multipart body is malformed: ${(error as Error).message}.`));
      return;
    }
    const fields: Record<string, string> = {};
    let stored: Promise<StoredOriginal> | undefined;
    let refusal: AppError | undefined;
    const refuse = (error: AppError) => (refusal ??= error);

    busboy.on("field", (name, value) => (fields[name] = value));
    busboy.on("file", (name, file, info) => {
      if (name !== "file") {
        file.resume();
        refuse(badRequest(`Unexpected file part "${name}": send the photo in a part named "file".`));
        return;
      }
      let declared: ReturnType<typeof parseUploadFields>;
      try {
        // Fields sent before the file are checked before storing anything.
        declared = parseUploadFields(fields);
        if (declared.size !== undefined && declared.size > env.MAX_UPLOAD_BYTES) throw payloadTooLarge(env.MAX_UPLOAD_BYTES);
      } catch (error) {
        file.resume();
        refuse(error as AppError);
        return;
      }
      // The quota is checked before a byte is stored; a refused file is read to its end and dropped.
      stored = roomFor(declared).then(
        () => storeOriginal(file, key, info.filename, declared),
        (error: AppError) => {
          file.resume();
          throw error;
        },
      );
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

/**
 * Stores the file part as it arrives. With the file's size and SHA-256 sent first, it streams into
 * one PUT of that length that the store checks against that hash (the store receives while the
 * client still sends); without, into a multipart upload that holds a 5 MiB part at a time, each
 * part with the SHA-256 computed here.
 */
async function storeOriginal(
  file: Readable,
  key: string,
  rawFilename: string | undefined,
  declared: { size?: number; sha256?: string },
): Promise<StoredOriginal> {
  const chunks = file[Symbol.asyncIterator]() as AsyncIterator<Buffer>;
  let tooLarge = false;
  file.once("limit", () => (tooLarge = true));
  let refusal: AppError | undefined;
  const declaredSize = declared.size;
  // Busboy only moves on once this part is read to its end, whatever happened to it.
  const drain = async () => {
    while (!(await chunks.next()).done);
  };

  try {
    const { head, contentType } = await readMediaHead(chunks);
    const { bytes, digest } = digestingBytes(head, chunks);
    async function* checkedBytes() {
      let received = 0;
      for await (const chunk of bytes) {
        received += chunk.length;
        if (declaredSize !== undefined && received > declaredSize) break;
        yield chunk;
      }
      if (tooLarge) throw (refusal = payloadTooLarge(env.MAX_UPLOAD_BYTES));
      if (declaredSize !== undefined && received !== declaredSize) {
        throw (refusal = badRequest(`The file is ${received > declaredSize ? "longer" : "shorter"} than the ${declaredSize} bytes of its size field.`));
      }
    }
    const body = Readable.from(checkedBytes());
    try {
      if (declaredSize !== undefined && declared.sha256) await putObjectStream(key, body, { bytes: declaredSize, sha256: declared.sha256 }, contentType);
      else await uploadStream(key, body, contentType);
    } catch (error) {
      if (!isChecksumRefusal(error)) throw error;
      // The client's hash is not its file's, or the bytes changed on their way to the store.
      const { sha256 } = digest();
      if (declared.sha256 && declared.sha256 !== sha256) throw (refusal = sha256Mismatch(sha256, declared.sha256));
      throw serviceUnavailable("The store received other bytes than were sent to it. Try again.");
    }
    return { filename: sanitizeFilename(rawFilename), contentType, ...digest() };
  } catch (error) {
    await drain().catch(() => {});
    if (tooLarge || refusal) await deleteObjects([key]).catch(() => {});
    if (tooLarge) throw payloadTooLarge(env.MAX_UPLOAD_BYTES);
    throw refusal ?? error;
  }
}
