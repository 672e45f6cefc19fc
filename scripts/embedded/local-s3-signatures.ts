import { createHash, createHmac, timingSafeEqual } from "node:crypto";
import { createRequire } from "node:module";
import { Readable } from "node:stream";

const require = createRequire(import.meta.url);
const S3ErrorClass = require("s3rver/lib/models/error") as new (code: string, message: string, detail?: object) => Error & { status: number; expose: boolean };

/** An S3 error answered with the status S3 gives it (s3rver's table lacks some codes). */
function s3Error(code: string, message: string, status?: number): Error {
  const error = new S3ErrorClass(code, message);
  if (status) Object.assign(error, { status, expose: true });
  return error;
}

/** The parts of s3rver's Koa context this file reads. */
interface KoaContext {
  method: string;
  /** The request target exactly as the client sent (and signed) it, before s3rver rewrites a virtual-hosted one. */
  originalUrl: string;
  /** The path s3rver's router serves: the request's, with a virtual-hosted bucket put in front. */
  path: string;
  state: { vhost?: boolean };
  /** The body, as s3rver's controllers read it. */
  req: Readable & { headers: Record<string, string | string[] | undefined> };
  get(header: string): string;
  headers: Record<string, string | string[] | undefined>;
}
type Middleware = (ctx: KoaContext, next: () => Promise<unknown>) => Promise<unknown>;

/** RFC 3986 encoding, as AWS Signature Version 4 canonicalizes names and values. */
const encode = (value: string) => encodeURIComponent(value).replace(/[!'()*]/g, (char) => `%${char.charCodeAt(0).toString(16).toUpperCase()}`);

const sha256 = (value: string) => createHash("sha256").update(value).digest("hex");
const hmac = (key: Buffer | string, value: string) => createHmac("sha256", key).update(value).digest();

/** S3 refuses a request signed further than this from its own clock. */
const MAX_CLOCK_SKEW_MS = 15 * 60 * 1000;
/** The longest a presigned URL may live (seven days), as on S3. */
const MAX_EXPIRES_SECONDS = 7 * 24 * 3600;
const UNSIGNED_PAYLOAD = "UNSIGNED-PAYLOAD";

interface SignedRequest {
  accessKeyId: string;
  scope: string;
  amzDate: string;
  signedHeaders: string[];
  signature: string;
  payloadHash: string;
  /** Query parameters that are part of what was signed. */
  query: [string, string][];
  /** Seconds a presigned URL stays valid (absent on a request signed in its Authorization header). */
  expiresInSeconds?: number;
}

function parseRequest(ctx: KoaContext, params: URLSearchParams): SignedRequest | null {
  const authorization = ctx.get("authorization");
  if (authorization) {
    const match = /^AWS4-HMAC-SHA256 Credential=([^/]+)\/([^,]+), ?SignedHeaders=([^,]+), ?Signature=([0-9a-f]{64})$/.exec(authorization);
    if (!match) throw s3Error("AccessDenied", "Only AWS Signature Version 4 is accepted.");
    const payloadHash = ctx.get("x-amz-content-sha256");
    if (!payloadHash) throw s3Error("InvalidRequest", "Missing required header for this request: x-amz-content-sha256");
    return {
      accessKeyId: match[1]!,
      scope: match[2]!,
      amzDate: ctx.get("x-amz-date"),
      signedHeaders: match[3]!.split(";"),
      signature: match[4]!,
      payloadHash,
      query: [...params],
    };
  }
  if (params.get("X-Amz-Algorithm") !== "AWS4-HMAC-SHA256") return null;
  const expires = params.get("X-Amz-Expires") ?? "";
  if (!/^\d+$/.test(expires) || Number(expires) < 1 || Number(expires) > MAX_EXPIRES_SECONDS) {
    throw s3Error("AuthorizationQueryParametersError", `X-Amz-Expires must be a number of seconds from 1 to ${MAX_EXPIRES_SECONDS}.`);
  }
  const [accessKeyId = "", ...scope] = (params.get("X-Amz-Credential") ?? "").split("/");
  return {
    accessKeyId,
    scope: scope.join("/"),
    amzDate: params.get("X-Amz-Date") ?? "",
    signedHeaders: (params.get("X-Amz-SignedHeaders") ?? "").split(";"),
    signature: params.get("X-Amz-Signature") ?? "",
    // A presigned URL's payload is unsigned, unless the URL names a hash (as the AWS SDK's do).
    payloadHash: params.get("X-Amz-Content-Sha256") ?? UNSIGNED_PAYLOAD,
    query: [...params].filter(([name]) => name !== "X-Amz-Signature"),
    expiresInSeconds: Number(expires),
  };
}

/** When the request was signed, from an ISO 8601 basic date-time (20261125T100000Z). */
function signedAt(amzDate: string): number {
  const match = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(amzDate);
  if (!match) throw s3Error("AccessDenied", "X-Amz-Date is missing or malformed.");
  const [, year, month, day, hour, minute, second] = match.map(Number) as number[];
  return Date.UTC(year!, month! - 1, day!, hour!, minute!, second!);
}

function checkTime(request: SignedRequest): void {
  const signed = signedAt(request.amzDate);
  const now = Date.now();
  if (request.expiresInSeconds === undefined) {
    if (Math.abs(now - signed) > MAX_CLOCK_SKEW_MS) {
      throw s3Error("RequestTimeTooSkewed", "The difference between the request time and the current time is too large.");
    }
    return;
  }
  if (signed - now > MAX_CLOCK_SKEW_MS) throw s3Error("AccessDenied", "Request is not valid yet");
  if (now > signed + request.expiresInSeconds * 1000) throw s3Error("AccessDenied", "Request has expired");
}

/**
 * The path's segments, percent-decoded, from the path exactly as sent. s3rver decodes `%2F` and
 * `%5C` inside a key and resolves dot segments when it maps the key to a file, while a URL parser
 * turns `\` into `/` and resolves dot segments before: either way a path that verifies as one key
 * could be served as another. S3's own keys the app writes have none of these, so they are refused.
 */
function pathSegments(rawPath: string): string[] {
  if (!rawPath.startsWith("/") || rawPath.includes("\\") || /%2f|%5c/i.test(rawPath)) {
    throw s3Error("AccessDenied", "The path may not contain a backslash or an encoded slash.");
  }
  const segments = rawPath.slice(1).split("/");
  const decoded = segments.map((segment) => {
    try {
      return decodeURIComponent(segment);
    } catch {
      throw s3Error("AccessDenied", "The path is not validly percent-encoded.");
    }
  });
  // Empty segments too: the store's files would collapse them (a//b is served as a/b).
  if (decoded.some((segment, index) => segment === "." || segment === ".." || (segment === "" && index < decoded.length - 1))) {
    throw s3Error("AccessDenied", "The path may not contain dot segments or empty segments.");
  }
  return decoded;
}

function expectedSignature(ctx: KoaContext, segments: string[], request: SignedRequest, secretAccessKey: string): string {
  const canonicalUri = `/${segments.map(encode).join("/")}`;
  const canonicalQuery = request.query
    .map(([name, value]) => [encode(name), encode(value)])
    .sort(([a, x], [b, y]) => (a! < b! ? -1 : a! > b! ? 1 : x! < y! ? -1 : x! > y! ? 1 : 0))
    .map(([name, value]) => `${name}=${value}`)
    .join("&");
  const canonicalHeaders = request.signedHeaders
    .map((name) => `${name}:${String(ctx.headers[name] ?? "").trim().replace(/\s+/g, " ")}\n`)
    .join("");
  const canonicalRequest = [ctx.method, canonicalUri, canonicalQuery, canonicalHeaders, request.signedHeaders.join(";"), request.payloadHash].join("\n");
  const stringToSign = ["AWS4-HMAC-SHA256", request.amzDate, request.scope, sha256(canonicalRequest)].join("\n");
  const [date = "", region = "", service = ""] = request.scope.split("/");
  const signingKey = hmac(hmac(hmac(hmac(`AWS4${secretAccessKey}`, date), region), service), "aws4_request");
  return hmac(signingKey, stringToSign).toString("hex");
}

/**
 * A signed payload's SHA-256 must be its body's. The body is checked as s3rver's controllers
 * read it: one whose hash differs fails with an error instead of ending, so nothing is stored
 * (a PUT's partial file is removed by writeBody).
 */
function checkPayload(ctx: KoaContext, payloadHash: string): void {
  if (payloadHash === UNSIGNED_PAYLOAD) return;
  if (payloadHash.startsWith("STREAMING-")) {
    // aws-chunked bodies: s3rver would store the chunks' framing as the object's bytes.
    throw s3Error("NotImplemented", "The embedded store does not take aws-chunked (streaming) bodies.");
  }
  if (!/^[0-9a-f]{64}$/.test(payloadHash)) {
    throw s3Error("InvalidArgument", "x-amz-content-sha256 must be UNSIGNED-PAYLOAD or the body's SHA-256 in hex.", 400);
  }
  const body = ctx.req;
  async function* checked() {
    const hash = createHash("sha256");
    for await (const chunk of body as AsyncIterable<Buffer>) {
      hash.update(chunk);
      yield chunk;
    }
    if (hash.digest("hex") !== payloadHash) {
      throw s3Error("XAmzContentSHA256Mismatch", "The provided 'x-amz-content-sha256' header does not match what was computed.", 400);
    }
  }
  // Read only once a controller reads it, so the error reaches that reader.
  ctx.req = Object.assign(Readable.from(checked(), { objectMode: false }), { headers: body.headers });
}

/**
 * s3rver accepts requests with no signature, and any Version 4 signature, as valid. This checks
 * them as S3 does, so the embedded store holds the app to what a real store enforces: every
 * request signed with the configured key, within 15 minutes of the store's clock, over the path
 * exactly as sent and served as that same key, with the body it was signed with; a presigned URL
 * only for the object and the time it was signed for. CORS preflights, which browsers send
 * without credentials, pass.
 */
export function verifySignatures(credentials: { accessKeyId: string; secretAccessKey: string }): Middleware {
  return async (ctx, next) => {
    if (ctx.method === "OPTIONS") return next();
    const queryStart = ctx.originalUrl.indexOf("?");
    const rawPath = queryStart === -1 ? ctx.originalUrl : ctx.originalUrl.slice(0, queryStart);
    const segments = pathSegments(rawPath);
    const servedPath = ctx.state.vhost ? ctx.path.replace(/^\/[^/]+/, "") : ctx.path;
    if (servedPath !== rawPath) throw s3Error("AccessDenied", "The path served would not be the path signed.");
    const request = parseRequest(ctx, new URLSearchParams(queryStart === -1 ? "" : ctx.originalUrl.slice(queryStart + 1)));
    if (!request) throw s3Error("AccessDenied", "Access Denied: the request is not signed.");
    if (request.accessKeyId !== credentials.accessKeyId) {
      throw s3Error("InvalidAccessKeyId", "The AWS Access Key Id you provided does not exist in our records.");
    }
    const [scopeDate, , service, terminator] = request.scope.split("/");
    if (scopeDate !== request.amzDate.slice(0, 8) || service !== "s3" || terminator !== "aws4_request") {
      throw s3Error("AuthorizationHeaderMalformed", "The credential scope is not <date>/<region>/s3/aws4_request of the request's date.", 400);
    }
    checkTime(request);
    const expected = Buffer.from(expectedSignature(ctx, segments, request, credentials.secretAccessKey));
    const given = Buffer.from(request.signature);
    if (expected.length !== given.length || !timingSafeEqual(expected, given)) {
      throw s3Error("SignatureDoesNotMatch", "The request signature we calculated does not match the signature you provided.");
    }
    checkPayload(ctx, request.payloadHash);
    return next();
  };
}
