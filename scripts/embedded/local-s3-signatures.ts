import { createHash, createHmac, timingSafeEqual } from "node:crypto";
import { createRequire } from "node:module";

const require = createRequire(import.meta.url);
const S3Error = require("s3rver/lib/models/error") as new (code: string, message: string, detail?: object) => Error;

/** The parts of s3rver's Koa context this file reads. */
interface KoaContext {
  method: string;
  /** The URL as the client sent (and signed) it, before s3rver rewrites a virtual-hosted one. */
  originalUrl: string;
  get(header: string): string;
  headers: Record<string, string | string[] | undefined>;
}
type Middleware = (ctx: KoaContext, next: () => Promise<unknown>) => Promise<unknown>;

/** RFC 3986 encoding, as AWS Signature Version 4 canonicalizes names and values. */
const encode = (value: string) => encodeURIComponent(value).replace(/[!'()*]/g, (char) => `%${char.charCodeAt(0).toString(16).toUpperCase()}`);

const sha256 = (value: string) => createHash("sha256").update(value).digest("hex");
const hmac = (key: Buffer | string, value: string) => createHmac("sha256", key).update(value).digest();

interface SignedRequest {
  accessKeyId: string;
  scope: string;
  amzDate: string;
  signedHeaders: string[];
  signature: string;
  payloadHash: string;
  /** Query parameters that are part of what was signed. */
  query: [string, string][];
  /** Seconds a presigned URL stays valid. */
  expiresInSeconds?: number;
}

function parseRequest(ctx: KoaContext, url: URL): SignedRequest | null {
  const authorization = ctx.get("authorization");
  if (authorization) {
    const match = /^AWS4-HMAC-SHA256 Credential=([^/]+)\/([^,]+), ?SignedHeaders=([^,]+), ?Signature=([0-9a-f]{64})$/.exec(authorization);
    if (!match) throw new S3Error("AccessDenied", "Only AWS Signature Version 4 is accepted.");
    return {
      accessKeyId: match[1]!,
      scope: match[2]!,
      amzDate: ctx.get("x-amz-date"),
      signedHeaders: match[3]!.split(";"),
      signature: match[4]!,
      payloadHash: ctx.get("x-amz-content-sha256") || "UNSIGNED-PAYLOAD",
      query: [...url.searchParams],
    };
  }
  const params = url.searchParams;
  if (params.get("X-Amz-Algorithm") !== "AWS4-HMAC-SHA256") return null;
  const [accessKeyId = "", ...scope] = (params.get("X-Amz-Credential") ?? "").split("/");
  return {
    accessKeyId,
    scope: scope.join("/"),
    amzDate: params.get("X-Amz-Date") ?? "",
    signedHeaders: (params.get("X-Amz-SignedHeaders") ?? "").split(";"),
    signature: params.get("X-Amz-Signature") ?? "",
    // A presigned URL's payload is unsigned, unless the URL names a hash (as the AWS SDK's do).
    payloadHash: params.get("X-Amz-Content-Sha256") ?? "UNSIGNED-PAYLOAD",
    query: [...params].filter(([name]) => name !== "X-Amz-Signature"),
    expiresInSeconds: Number(params.get("X-Amz-Expires")),
  };
}

/** When the request was signed, from an ISO 8601 basic date-time (20261125T100000Z). */
function signedAt(amzDate: string): number {
  const match = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(amzDate);
  if (!match) throw new S3Error("AccessDenied", "X-Amz-Date is missing or malformed.");
  const [, year, month, day, hour, minute, second] = match.map(Number) as number[];
  return Date.UTC(year!, month! - 1, day!, hour!, minute!, second!);
}

function expectedSignature(ctx: KoaContext, url: URL, request: SignedRequest, secretAccessKey: string): string {
  const canonicalUri = url.pathname
    .split("/")
    .map((segment) => encode(decodeURIComponent(segment)))
    .join("/");
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
 * s3rver accepts requests with no signature, and any Version 4 signature, as valid. This checks
 * them as S3 does, so the embedded store holds the app to what a real store enforces: every
 * request signed with the configured key, a presigned URL only for the object and the time it
 * was signed for. CORS preflights, which browsers send without credentials, pass.
 */
export function verifySignatures(credentials: { accessKeyId: string; secretAccessKey: string }): Middleware {
  return async (ctx, next) => {
    if (ctx.method === "OPTIONS") return next();
    const url = new URL(ctx.originalUrl, "http://store");
    const request = parseRequest(ctx, url);
    if (!request) throw new S3Error("AccessDenied", "Access Denied: the request is not signed.");
    if (request.accessKeyId !== credentials.accessKeyId) {
      throw new S3Error("InvalidAccessKeyId", "The AWS Access Key Id you provided does not exist in our records.");
    }
    const signed = signedAt(request.amzDate);
    if (request.expiresInSeconds !== undefined && Date.now() > signed + request.expiresInSeconds * 1000) {
      throw new S3Error("AccessDenied", "Request has expired");
    }
    const expected = Buffer.from(expectedSignature(ctx, url, request, credentials.secretAccessKey));
    const given = Buffer.from(request.signature);
    if (expected.length !== given.length || !timingSafeEqual(expected, given)) {
      throw new S3Error("SignatureDoesNotMatch", "The request signature we calculated does not match the signature you provided.");
    }
    return next();
  };
}
