import { randomUUID } from "node:crypto";
import { EVENTS, Server, type Upload } from "@tus/server";
import { errorBody, errorCodeOfHttpStatus, handleApiError } from "@/lib/api/errors";
import { sharedUploadLocker } from "@/lib/api/resumable-upload-locks";
import { env } from "@/lib/env";
import { badRequest, unauthorized, unsupportedMediaType } from "@/lib/errors";
import { logger } from "@/lib/logger";
import { presentPhotoRow } from "@/lib/photos/photo-view";
import { assertRoomFor } from "@/lib/photos/quota";
import { parseUploadFields } from "@/lib/photos/record-photo";
import { discardUpload, finishResumableUpload, photoIdOf, uploadFieldsOf, uploadStore } from "@/lib/photos/resumable-upload";
import { deleteObjects, objectKeys } from "@/lib/storage";

/** The tus 1.0.0 server behind /api/v1/uploads: the protocol's requests and answers; the bytes and the photo are lib/photos'. */
const RESUMABLE_UPLOADS_PATH = "/api/v1/uploads";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

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
  locker: sharedUploadLocker,
  maxSize: env.MAX_UPLOAD_BYTES,
  allowedOrigins: () => false, // same origin only, like the rest of /api/v1
  namingFunction: (request) => objectKeys.resumableUpload(uploaderOf(request), randomUUID()),
  generateUrl: (_request, { path, id }) => `${path}/${photoIdOf(id)}`,
  getFileIdFromRequest: (request, lastPath) =>
    lastPath && UUID.test(lastPath) ? objectKeys.resumableUpload(uploaderOf(request), lastPath) : undefined,
  async onUploadCreate(request, upload) {
    if (!upload.metadata?.filename) throw badRequest('Send the file\'s name in Upload-Metadata as "filename".');
    // A length sent later (Upload-Defer-Length) could not be held to the quota before its bytes arrive.
    if (upload.size === undefined) throw badRequest("Send the file's length in Upload-Length.");
    if (upload.size === 0) throw unsupportedMediaType("The file is empty.");
    const fields = parseUploadFields(uploadFieldsOf(upload.metadata));
    await assertRoomFor(uploaderOf(request), upload.size, fields.sha256);
    return {};
  },
  async onUploadFinish(request, upload) {
    const { photo, duplicate } = await finishResumableUpload(uploaderOf(request), photoIdOf(upload.id), upload.metadata);
    const view = await presentPhotoRow(photo);
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

/**
 * tus answers its own errors in plain text; they get the one JSON shape, keeping tus's status (the
 * protocol's clients act on it) and headers, with the code that status stands for.
 */
async function inJsonErrorShape(response: Response): Promise<Response> {
  const text = await response.text();
  let json: Response;
  try {
    JSON.parse(text);
    json = new Response(text, { status: response.status });
  } catch {
    json = Response.json(errorBody(errorCodeOfHttpStatus(response.status), text.trim()), { status: response.status });
  }
  for (const [name, value] of response.headers) if (name !== "content-length") json.headers.set(name, value);
  json.headers.set("content-type", "application/json");
  return json;
}

/**
 * A HEAD that finds every byte stored is a client resuming an upload whose finish failed (say the
 * database restarted as its last PATCH completed). tus-js-client takes such an answer for success,
 * so the upload is made a photo here first, and the HEAD answers the error if that fails: a
 * complete upload never looks finished before it is a photo.
 */
async function finishedBeforeHead(request: Request, userId: string, response: Response): Promise<Response> {
  const length = response.headers.get("upload-length");
  if (length === null || response.headers.get("upload-offset") !== length) return response;
  const uploadKey = objectKeys.resumableUpload(userId, photoIdOf(new URL(request.url).pathname));
  try {
    const { metadata } = await uploadStore.getUpload(uploadKey);
    await finishResumableUpload(userId, photoIdOf(uploadKey), metadata);
    await discardUpload(uploadKey);
    return response;
  } catch (error) {
    return handleApiError(error);
  }
}

/** Hands a request to the tus server; `userId` is null only for OPTIONS, tus's discovery of its settings. */
export async function handleResumableUpload(request: Request, userId: string | null): Promise<Response> {
  if (userId) uploaders.set(request, userId);
  const response = await server.handleWeb(request);
  if (response.status >= 400) return inJsonErrorShape(response);
  return request.method === "HEAD" && userId ? finishedBeforeHead(request, userId, response) : response;
}
