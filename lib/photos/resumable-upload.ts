import { randomUUID } from "node:crypto";
import { S3Store, type MetadataValue } from "@tus/s3-store";
import { EVENTS, Server, type KvStore, type Upload } from "@tus/server";
import { errorResponse, handleApiError } from "@/lib/api/handle-error";
import { db } from "@/lib/db";
import { env } from "@/lib/env";
import { ApiError, badRequest, unauthorized, unsupportedMediaType, type ApiErrorCode } from "@/lib/errors";
import { logger } from "@/lib/logger";
import { digestingBytes, readImageHead } from "@/lib/photos/inspect-original";
import { presentPhoto, toPhotoRecord } from "@/lib/photos/photo-view";
import { parseUploadFields, recordPhoto, type StoredOriginal, type UploadResult } from "@/lib/photos/record-photo";
import { sanitizeFilename } from "@/lib/photos/sanitize-filename";
import { bucket, copyObject, deleteObjects, getObjectStream, objectKeys, s3Config } from "@/lib/storage";

const RESUMABLE_UPLOADS_PATH = "/api/v1/uploads";
/** A dropped connection loses at most the part being sent: S3's smallest part size keeps that small. */
const RESUMABLE_PART_BYTES = 5 * 1024 * 1024;
export const RESUMABLE_UPLOAD_EXPIRY_MS = 24 * 3600 * 1000;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/*
 * An upload's id in the store is `uploads/<userId>/<photoId>`, made by the server; its URL carries
 * the photoId alone, and the userId is always the authenticated user's. So another user's URL
 * names an upload that does not exist for this user (404), and nothing a client sends reaches a key.
 */
const photoIdOf = (uploadKey: string) => uploadKey.slice(uploadKey.lastIndexOf("/") + 1);

/** No cache of uploads' info: the web processes and the worker's sweep must all see the store as it is. */
const noInfoCache: KvStore<MetadataValue> = {
  get: async () => undefined,
  set: async () => {},
  delete: async () => {},
  list: async () => [],
};

export const uploadStore = new S3Store({
  partSize: RESUMABLE_PART_BYTES,
  expirationPeriodInMilliseconds: RESUMABLE_UPLOAD_EXPIRY_MS,
  useTags: false, // expired uploads are removed by the worker's sweep, not a bucket lifecycle rule
  cache: noInfoCache,
  s3ClientConfig: { bucket, ...s3Config },
});

/** Removes every object of an upload: its multipart upload when incomplete, its bytes, `.info` and `.part`. */
export async function discardUpload(uploadKey: string): Promise<void> {
  // A completed upload has no multipart upload left to abort: remove() then says "not found".
  await uploadStore.remove(uploadKey).catch(() => {});
  await deleteObjects([uploadKey, `${uploadKey}.info`, `${uploadKey}.part`]);
}

async function inspectStoredUpload(uploadKey: string, filename: string | undefined): Promise<StoredOriginal> {
  const body = await getObjectStream(uploadKey);
  try {
    const chunks = body[Symbol.asyncIterator]() as AsyncIterator<Buffer>;
    const { head, contentType } = await readImageHead(chunks);
    const { bytes, digest } = digestingBytes(head, chunks);
    while (!(await bytes.next()).done);
    return { filename: sanitizeFilename(filename), contentType, ...digest() };
  } finally {
    body.destroy();
  }
}

const uploadFieldsOf = (metadata: Upload["metadata"]) => ({
  sha256: metadata?.sha256 ?? undefined,
  lastModified: metadata?.lastModified ?? undefined,
});

/**
 * Turns a completed upload into a photo, like the end of `POST /api/v1/photos`: hashes and sniffs
 * the stored bytes (streamed back from the store), copies them to the original's key, records the
 * photo (dedup, the client's sha256) and removes the upload's bytes. Idempotent: a retry after a
 * crash finds the photo already recorded. A refusal removes everything of the upload; any other
 * failure (the database down) leaves it for a retry or the sweep.
 */
export async function finishResumableUpload(userId: string, photoId: string, metadata: Upload["metadata"]): Promise<UploadResult> {
  const uploadKey = objectKeys.resumableUpload(userId, photoId);
  const recorded = await db.photo.findUnique({ where: { id: photoId } });
  if (recorded) {
    await deleteObjects([uploadKey]);
    return { photo: recorded, duplicate: false };
  }
  try {
    const stored = await inspectStoredUpload(uploadKey, metadata?.filename ?? undefined);
    await copyObject(uploadKey, objectKeys.original(userId, photoId), stored.contentType);
    const result = await recordPhoto(userId, photoId, stored, uploadFieldsOf(metadata));
    await deleteObjects([uploadKey]);
    return result;
  } catch (error) {
    if (error instanceof ApiError && error.status < 500) await discardUpload(uploadKey);
    throw error;
  }
}

/** The user a request was authenticated as, handed from the route to the tus hooks. */
const uploaders = new WeakMap<Request, string>();
function uploaderOf(request: Request): string {
  const userId = uploaders.get(request);
  if (!userId) throw unauthorized();
  return userId;
}

const server = new Server({
  path: RESUMABLE_UPLOADS_PATH,
  datastore: uploadStore,
  maxSize: env.MAX_UPLOAD_BYTES,
  allowedOrigins: () => false, // same origin only, like the rest of /api/v1
  namingFunction: (request) => objectKeys.resumableUpload(uploaderOf(request), randomUUID()),
  generateUrl: (_request, { path, id }) => `${path}/${photoIdOf(id)}`,
  getFileIdFromRequest: (request, lastPath) =>
    lastPath && UUID.test(lastPath) ? objectKeys.resumableUpload(uploaderOf(request), lastPath) : undefined,
  async onUploadCreate(_request, upload) {
    if (!upload.metadata?.filename) throw badRequest('Send the file\'s name in Upload-Metadata as "filename".');
    if (upload.size === 0) throw unsupportedMediaType("The file is empty.");
    parseUploadFields(uploadFieldsOf(upload.metadata));
    return {};
  },
  async onUploadFinish(request, upload) {
    const { photo, duplicate } = await finishResumableUpload(uploaderOf(request), photoIdOf(upload.id), upload.metadata);
    const view = await presentPhoto(toPhotoRecord(photo));
    return {
      // A creation that carried the whole file keeps tus's 201 (clients need its Location); a PATCH has a body now.
      status_code: request.method === "POST" ? 201 : 200,
      headers: { "content-type": "application/json" },
      body: JSON.stringify(duplicate ? { photo: view, duplicate: true } : { photo: view }),
    };
  },
  // tus's own errors carry a status and a text; everything else is mapped like any /api/v1 error.
  async onResponseError(_request, error) {
    if ("status_code" in error) return undefined;
    const response = handleApiError(error);
    return { status_code: response.status, body: await response.text() };
  },
});

// After the response is made: tus reads the upload's info until then. Until this runs, a HEAD finds
// the upload complete; afterwards it is gone (404), so a client resuming it again starts anew.
server.on(EVENTS.POST_FINISH, (_request: Request, _response: Response, upload: Upload) => {
  deleteObjects([`${upload.id}.info`]).catch((error) => logger.warn({ err: error, key: upload.id }, "could not remove a finished upload's info"));
});

const TUS_ERROR_CODES: Record<number, ApiErrorCode> = {
  404: "not_found",
  409: "conflict",
  410: "upload_expired",
  412: "precondition_failed",
  413: "payload_too_large",
  415: "unsupported_media_type",
  501: "not_implemented",
};

/** tus answers its own errors in plain text; they get the one JSON shape, keeping tus's status and headers. */
async function inJsonErrorShape(response: Response): Promise<Response> {
  const text = await response.text();
  let json: Response;
  try {
    JSON.parse(text);
    json = new Response(text, { status: response.status });
  } catch {
    const code = TUS_ERROR_CODES[response.status] ?? (response.status >= 500 ? "internal_error" : "bad_request");
    json = errorResponse(new ApiError({ code, message: text.trim(), status: response.status }));
  }
  for (const [name, value] of response.headers) if (name !== "content-length") json.headers.set(name, value);
  json.headers.set("content-type", "application/json");
  return json;
}

/** Hands a request to the tus server; `userId` is null only for OPTIONS, tus's discovery of its settings. */
export async function handleResumableUpload(request: Request, userId: string | null): Promise<Response> {
  if (userId) uploaders.set(request, userId);
  const response = await server.handleWeb(request);
  return response.status >= 400 ? inJsonErrorShape(response) : response;
}
