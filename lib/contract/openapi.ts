import { z } from "zod";
import { createDocument, type ZodOpenApiOperationObject, type ZodOpenApiResponsesObject } from "zod-openapi";
import {
  adminAccountListSchema,
  adminAccountSchema,
  createAccountSchema,
  meSchema,
  resetPasswordSchema,
  updateAccountSchema,
} from "@/lib/contract/accounts";
import { apiTokenSchema, createdTokenSchema, publicUserSchema, signUpSchema, tokenRequestSchema } from "@/lib/contract/auth";
import { healthSchema } from "@/lib/contract/health";
import {
  checkPhotosResultSchema,
  checkPhotosSchema,
  listPhotosQuerySchema,
  monthBucketSchema,
  pageQuerySchema,
  photoPageSchema,
  photoSchema,
  signedUrlSchema,
  uploadFieldsSchema,
  uploadResultSchema,
} from "@/lib/contract/photos";
import { emptyTrashResultSchema, emptyTrashSchema, restorePhotosSchema, restoreResultSchema, trashPageSchema } from "@/lib/contract/trash";
import { backupFinishedSchema, pushSettingsSchema, pushSubscriptionSchema, pushUnsubscribeSchema } from "@/lib/contract/push";
import { errorCodeSchema } from "@/lib/errors";

/*
 * The API contract: an OpenAPI 3.1 document generated from the same zod schemas the routes parse
 * requests with and the browser takes its types from. Served at GET /api/v1/openapi.json.
 */

const errorSchema = z
  .object({ error: z.object({ code: errorCodeSchema, message: z.string().meta({ description: "For people: say it as it is" }) }) })
  .meta({ id: "Error" });

const ERROR_MEANINGS = {
  400: "Invalid input: the message names the field",
  401: "Not signed in, the session ended (signed out everywhere, password reset, account disabled), or the API token is invalid, revoked or ended that way (`unauthorized`), or past its expiry (`token_expired`)",
  403: "A state-changing request from another site's page (CSRF); sign-up closed (`signup_closed`); a disabled account signing in (`account_disabled`); not the admin",
  404: "No such thing in your library (another user's id answers the same)",
  409: "Conflict",
  410: "The resumable upload expired (24 hours)",
  412: "Tus-Resumable is missing or not 1.0.0",
  413: "Over MAX_UPLOAD_BYTES, or a JSON body over 64 KB",
  415: "Neither a supported photo nor a video (judged by the bytes, not the name)",
  429: "Too many tries (failed sign-ins, notifications): see Retry-After",
  503: "A dependency (database, Redis, store) is down: try again shortly",
  507: "`quota_exceeded`: the file would take you past your quota (the message says your usage and quota); nothing was stored",
} as const;
type ErrorStatus = keyof typeof ERROR_MEANINGS;

const json = <S extends z.ZodType>(schema: S) => ({ content: { "application/json": { schema } } });

/** Error answers of an operation, each with the one error shape; 401 and 503 on every signed-in route. */
function errors(...statuses: ErrorStatus[]): ZodOpenApiResponsesObject {
  return Object.fromEntries(statuses.map((status) => [status, { description: ERROR_MEANINGS[status], ...json(errorSchema) }]));
}

const signedIn = (operation: ZodOpenApiOperationObject & { errors?: ErrorStatus[] }): ZodOpenApiOperationObject => {
  const { errors: statuses = [], ...rest } = operation;
  return { ...rest, security: [{ bearer: [] }, { session: [] }], responses: { ...rest.responses, ...errors(...statuses, 401, 503) } };
};

const idPath = z.object({ id: z.uuid() });
const noContent = { description: "Done; no body" };
const TUS_HEADERS = z.object({ "tus-resumable": z.literal("1.0.0") });
const xCache = z.enum(["hit", "miss", "bypass"]).meta({ description: "Whether the first page came from the grid cache" });

const multipartUpload = uploadFieldsSchema
  .extend({ file: z.string().meta({ format: "binary", description: "The photo; send the other fields first" }) })
  .meta({ description: "One file per request, in a part named `file`" });

export function openApiDocument() {
  return createDocument({
    openapi: "3.1.0",
    info: {
      title: "Photo Backup API",
      version: "1",
      description:
        "A private photo backup service. Every error is `{\"error\": {\"code\", \"message\"}}`. Authenticate with `Authorization: Bearer <token>` (POST /api/v1/auth/tokens) or the web app's session cookie.",
    },
    components: {
      securitySchemes: {
        bearer: { type: "http", scheme: "bearer", description: "A personal API token (pb_…)" },
        session: { type: "apiKey", in: "cookie", name: "authjs.session-token", description: "The web app's session (`__Secure-` behind TLS)" },
        metricsToken: { type: "http", scheme: "bearer", description: "METRICS_TOKEN" },
      },
    },
    paths: {
      "/api/v1/auth/signup": {
        post: {
          summary: "Create an account; answers with a signed-in session cookie",
          requestBody: json(signUpSchema),
          responses: { 201: { description: "Created", ...json(z.object({ user: publicUserSchema })) }, ...errors(400, 403, 409, 413, 503) },
        },
      },
      "/api/v1/auth/tokens": {
        post: {
          summary: "Sign in with email and password for a personal API token (shown once)",
          requestBody: json(tokenRequestSchema),
          responses: {
            201: { description: "Created", ...json(createdTokenSchema) },
            ...errors(400, 401, 403, 413, 429, 503),
          },
        },
        get: signedIn({
          summary: "Your API tokens (never the tokens themselves)",
          responses: { 200: { description: "Newest first", ...json(z.object({ tokens: z.array(apiTokenSchema) })) } },
        }),
      },
      "/api/v1/auth/sign-out-everywhere": {
        post: signedIn({
          summary: "End every session and API token of your account at once, this one included",
          responses: { 204: noContent },
          errors: [403],
        }),
      },
      "/api/v1/auth/tokens/{id}": {
        delete: signedIn({ summary: "Revoke a token, at once", requestParams: { path: idPath }, responses: { 204: noContent }, errors: [403, 404] }),
      },
      "/api/v1/me": {
        get: signedIn({
          summary: "Your account, how much you store and your quota",
          responses: { 200: { description: "You", ...json(meSchema) } },
        }),
      },
      "/api/v1/admin/accounts": {
        get: signedIn({
          summary: "Admin: every account with its photos, bytes, failures and quota, and the photos the nightly scrub found damaged",
          responses: { 200: { description: "Accounts by email", ...json(adminAccountListSchema) } },
          errors: [403],
        }),
        post: signedIn({
          summary: "Admin: add an account (whatever SIGNUP says)",
          requestBody: json(createAccountSchema),
          responses: { 201: { description: "Created", ...json(z.object({ account: adminAccountSchema })) } },
          errors: [400, 403, 409, 413],
        }),
      },
      "/api/v1/admin/accounts/{id}": {
        patch: signedIn({
          summary: "Admin: set an account's quota (null: unlimited), or disable or enable it (its sessions and tokens stop at once)",
          requestParams: { path: idPath },
          requestBody: json(updateAccountSchema),
          responses: { 204: noContent },
          errors: [400, 403, 404, 413],
        }),
      },
      "/api/v1/admin/accounts/{id}/password": {
        put: signedIn({
          summary: "Admin: set a new password for an account",
          requestParams: { path: idPath },
          requestBody: json(resetPasswordSchema),
          responses: { 204: noContent },
          errors: [400, 403, 404, 413],
        }),
      },
      "/api/v1/photos": {
        get: signedIn({
          summary: "Your photos, newest takenAt first, a page at a time (keyset cursor)",
          requestParams: { query: listPhotosQuerySchema },
          responses: { 200: { description: "A page", headers: z.object({ "x-cache": xCache.optional() }), ...json(photoPageSchema) } },
          errors: [400],
        }),
        post: signedIn({
          summary: "Upload a photo or video (streamed); thumbnails (and a video's playback rendition) follow from the worker",
          requestBody: { content: { "multipart/form-data": { schema: multipartUpload } } },
          responses: {
            201: { description: "Stored; status `processing`", ...json(uploadResultSchema) },
            200: { description: "You already have these bytes: that photo, with `duplicate: true`", ...json(uploadResultSchema) },
          },
          errors: [400, 403, 413, 415, 507],
        }),
      },
      "/api/v1/photos/buckets": {
        get: signedIn({
          summary: "Photo counts per month of takenAt (UTC), newest first",
          responses: {
            200: { description: "Months", headers: z.object({ "x-cache": xCache }), ...json(z.object({ buckets: z.array(monthBucketSchema) })) },
          },
        }),
      },
      "/api/v1/photos/check": {
        post: signedIn({
          summary: "Which of these SHA-256 hashes your library already has (to skip those files)",
          requestBody: json(checkPhotosSchema),
          responses: { 200: { description: "The hashes you have", ...json(checkPhotosResultSchema) } },
          errors: [400, 403, 413],
        }),
      },
      "/api/v1/photos/{id}": {
        get: signedIn({
          summary: "One photo",
          requestParams: { path: idPath },
          responses: { 200: { description: "The photo", ...json(z.object({ photo: photoSchema })) } },
          errors: [404],
        }),
        delete: signedIn({
          summary: "Delete a photo: it moves to the trash (restorable for TRASH_DAYS, then deleted for good)",
          requestParams: { path: idPath },
          responses: { 204: noContent },
          errors: [403, 404],
        }),
      },
      "/api/v1/trash": {
        get: signedIn({
          summary: "Your deleted photos, newest deleted first, a page at a time (keyset cursor), with when each is deleted for good",
          requestParams: { query: pageQuerySchema },
          responses: { 200: { description: "A page", ...json(trashPageSchema) } },
          errors: [400],
        }),
      },
      "/api/v1/trash/restore": {
        post: signedIn({
          summary: "Put photos of your trash back in the library, as they were (same id, same place)",
          requestBody: json(restorePhotosSchema),
          responses: { 200: { description: "Restored", ...json(restoreResultSchema) } },
          errors: [400, 403, 413],
        }),
      },
      "/api/v1/trash/empty": {
        post: signedIn({
          summary: "Delete photos of your trash for good (these ids, or the whole trash): rows at once, stored objects by a job",
          requestBody: { ...json(emptyTrashSchema), required: false },
          responses: { 200: { description: "Deleted for good", ...json(emptyTrashResultSchema) } },
          errors: [400, 403, 413],
        }),
      },
      "/api/v1/photos/{id}/original": {
        get: signedIn({
          summary: "The original's bytes: a redirect to a short-lived signed store URL",
          requestParams: {
            path: idPath,
            query: z.object({ download: z.literal("1").optional().meta({ description: "Ask for Content-Disposition: attachment" }) }),
          },
          responses: {
            302: { description: "To the signed URL", headers: z.object({ location: z.url() }) },
            200: { description: "With `Accept: application/json`: the signed URL itself", ...json(signedUrlSchema) },
          },
          errors: [404],
        }),
      },
      "/api/v1/push": {
        get: signedIn({
          summary: "Whether the server sends notifications, and the key to subscribe with",
          responses: { 200: { description: "Settings", ...json(pushSettingsSchema) } },
        }),
      },
      "/api/v1/push/subscriptions": {
        post: signedIn({
          summary: "Keep a browser's push subscription for you",
          requestBody: json(pushSubscriptionSchema),
          responses: { 201: { description: "Subscribed", ...json(z.object({ subscribed: z.literal(true) })) } },
          errors: [400, 403, 409, 413],
        }),
        delete: signedIn({
          summary: "Forget a browser's push subscription",
          requestBody: json(pushUnsubscribeSchema),
          responses: { 204: noContent },
          errors: [400, 403, 413],
        }),
      },
      "/api/v1/push/backup-finished": {
        post: signedIn({
          summary: "A backup run ended in the background: tell your devices",
          requestBody: json(backupFinishedSchema),
          responses: { 202: { description: "Sent", ...json(z.object({ delivered: z.int().nonnegative() })) } },
          errors: [400, 403, 409, 413, 429],
        }),
      },
      "/api/v1/uploads": {
        options: {
          summary: "tus discovery: versions, extensions and Tus-Max-Size (no sign-in)",
          responses: { 204: { description: "tus's settings in the headers" } },
        },
        post: signedIn({
          summary: "Create a resumable upload (tus 1.0.0 creation; Upload-Metadata `filename`, optional `lastModified`, `sha256`)",
          requestParams: { header: TUS_HEADERS.extend({ "upload-length": z.string().regex(/^\d+$/), "upload-metadata": z.string() }) },
          responses: {
            201: { description: "Created: Location names the upload", headers: z.object({ location: z.string(), "upload-expires": z.string() }) },
          },
          errors: [400, 403, 412, 413, 415, 507],
        }),
      },
      "/api/v1/uploads/{id}": {
        head: signedIn({
          summary: "How much of an upload is stored (resume from Upload-Offset); a complete upload is made a photo before the answer",
          requestParams: { path: idPath, header: TUS_HEADERS },
          responses: { 200: { description: "Upload-Offset and Upload-Length in the headers; at the length, the photo exists" } },
          errors: [400, 404, 410, 412, 415],
        }),
        patch: signedIn({
          summary: "Send bytes from Upload-Offset; the PATCH that completes the file answers as POST /api/v1/photos",
          requestParams: { path: idPath, header: TUS_HEADERS.extend({ "upload-offset": z.string().regex(/^\d+$/) }) },
          requestBody: { content: { "application/offset+octet-stream": { schema: z.string().meta({ format: "binary" }) } } },
          responses: {
            204: { description: "Stored; the new Upload-Offset in the headers" },
            200: { description: "The file is complete: the photo (or the one you had)", ...json(uploadResultSchema) },
          },
          errors: [400, 403, 404, 409, 410, 412, 413, 415],
        }),
        delete: signedIn({
          summary: "Abandon an upload: its stored parts are removed",
          requestParams: { path: idPath, header: TUS_HEADERS },
          responses: { 204: noContent },
          errors: [403, 404, 412],
        }),
      },
      "/api/v1/openapi.json": {
        get: { summary: "This document", responses: { 200: { description: "OpenAPI 3.1", content: { "application/json": {} } } } },
      },
      "/api/health": {
        get: {
          summary: "Readiness: Postgres, Redis and the store",
          responses: { 200: { description: "All up", ...json(healthSchema) }, 503: { description: "Something is down", ...json(healthSchema) } },
        },
      },
      "/api/health/live": {
        get: { summary: "Liveness", responses: { 200: { description: "Serving", ...json(z.object({ status: z.literal("alive") })) } } },
      },
      "/api/metrics": {
        get: {
          summary: "Prometheus metrics, cluster-wide",
          security: [{ metricsToken: [] }],
          responses: { 200: { description: "Prometheus text", content: { "text/plain": { schema: z.string() } } }, ...errors(401, 404, 503) },
        },
      },
    },
  });
}
