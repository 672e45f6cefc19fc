import "server-only";
import { createHash } from "node:crypto";
import { createReadStream } from "node:fs";
import { stat } from "node:fs/promises";
import { pipeline } from "node:stream/promises";
import type { Readable } from "node:stream";
import {
  AbortMultipartUploadCommand,
  CopyObjectCommand,
  CreateBucketCommand,
  DeleteObjectCommand,
  GetObjectCommand,
  HeadBucketCommand,
  ListMultipartUploadsCommand,
  ListObjectsV2Command,
  PutBucketCorsCommand,
  PutObjectCommand,
  S3Client,
  type S3ClientConfig,
} from "@aws-sdk/client-s3";
import { Upload } from "@aws-sdk/lib-storage";
import { Hash } from "@smithy/hash-node";
import { SignatureV4 } from "@smithy/signature-v4";
import type { ThumbnailSize } from "@/lib/contract/photos";
import { env } from "@/lib/env";
import { logger } from "@/lib/logger";

/** Object keys are built from ids only: user-supplied names never reach the store. */
export const objectKeys = {
  original: (userId: string, photoId: string) => `originals/${userId}/${photoId}`,
  /** A thumbnail as made by one version of the sizes (THUMBNAIL_VERSION): a key is never overwritten. */
  thumbnail: (userId: string, photoId: string, size: ThumbnailSize, version: number) => `thumbnails/${userId}/${photoId}/v${version}/${size}.webp`,
  /** Every thumbnail of a photo, of any version. */
  thumbnailPrefix: (userId: string, photoId: string) => `thumbnails/${userId}/${photoId}/`,
  /** A video's playback rendition (H.264/AAC MP4), beside the thumbnails of the version that made it. */
  playback: (userId: string, photoId: string, version: number) => `thumbnails/${userId}/${photoId}/v${version}/playback.mp4`,
  /** A Motion Photo's clip as browsers play it, copied out of the original beside its thumbnails. */
  motion: (userId: string, photoId: string, version: number) => `thumbnails/${userId}/${photoId}/v${version}/motion.mp4`,
  /** A resumable upload in progress (with its `.info` beside it); the original is copied out when it completes. */
  resumableUpload: (userId: string, photoId: string) => `uploads/${userId}/${photoId}`,
};

function clientConfig(endpoint: string): S3ClientConfig {
  return {
    endpoint,
    region: env.S3_REGION,
    forcePathStyle: env.S3_FORCE_PATH_STYLE,
    credentials: env.s3Credentials,
    // The SDK's default flexible checksums corrupt streamed bodies on some S3-compatible servers
    // (s3rver stores the aws-chunked framing); ask for checksums only where S3 requires them.
    requestChecksumCalculation: "WHEN_REQUIRED",
    responseChecksumValidation: "WHEN_REQUIRED",
  };
}

/** The app's store settings, for the one other client (the resumable uploads' S3Store). */
export const s3Config = clientConfig(env.s3Endpoint);
export const s3 = new S3Client(s3Config);

export const bucket = env.S3_BUCKET;

/*
 * Every write carries the SHA-256 of its bytes (S3's flexible checksums), so the store itself
 * refuses bytes that changed on the way, as S3, and the embedded store, check it.
 */
const sha256Base64 = (bytes: Buffer) => createHash("sha256").update(bytes).digest("base64");

/**
 * Streams a body to the store with a multipart upload: memory stays at a few parts, and each part
 * carries its SHA-256 (the SDK computes it from the part's buffer).
 */
export async function uploadStream(key: string, body: Readable, contentType: string): Promise<void> {
  const upload = new Upload({
    client: s3,
    params: { Bucket: bucket, Key: key, Body: body, ContentType: contentType, ChecksumAlgorithm: "SHA256" },
    partSize: 5 * 1024 * 1024, // S3's smallest part: memory stays at a few parts, and 10,000 parts still allow 48 GiB
    queueSize: 2,
    leavePartsOnError: false,
  });
  await upload.done();
}

/**
 * One PUT that sends the bytes on as they arrive, for a body whose length and SHA-256 (hex) are
 * known beforehand; the body must be exactly that long (it should fail itself otherwise: S3 would
 * wait for the rest), and the store refuses it (BadDigest) unless it has that SHA-256.
 */
export async function putObjectStream(
  key: string,
  body: Readable,
  length: { bytes: number; sha256: string },
  contentType: string,
  cacheControl?: string,
): Promise<void> {
  // The HTTP request is piped from the body, and a pipe does not end its destination on error.
  const aborted = new AbortController();
  body.once("error", (error) => aborted.abort(error));
  await s3.send(
    new PutObjectCommand({
      Bucket: bucket,
      Key: key,
      Body: body,
      ContentLength: length.bytes,
      ContentType: contentType,
      CacheControl: cacheControl,
      ChecksumSHA256: Buffer.from(length.sha256, "hex").toString("base64"),
    }),
    { abortSignal: aborted.signal },
  );
}

/** Streams a file to the store with its size and SHA-256, which the store checks. */
export async function putFile(key: string, file: string, contentType: string, cacheControl?: string): Promise<void> {
  const hash = createHash("sha256");
  await pipeline(createReadStream(file), hash);
  const { size } = await stat(file);
  await putObjectStream(key, createReadStream(file), { bytes: size, sha256: hash.digest("hex") }, contentType, cacheControl);
}

export async function putObject(key: string, body: Buffer, contentType: string, cacheControl?: string): Promise<void> {
  await s3.send(
    new PutObjectCommand({
      Bucket: bucket,
      Key: key,
      Body: body,
      ContentType: contentType,
      CacheControl: cacheControl,
      ChecksumSHA256: sha256Base64(body),
    }),
  );
}

/**
 * The store refused the bytes it received for not having the SHA-256 they were sent with: S3
 * answers BadDigest (x-amz-checksum-sha256) or XAmzContentSHA256Mismatch (the signed payload
 * hash, which the SDK signs for a buffer's part), Garage InvalidDigest for either.
 */
const CHECKSUM_REFUSALS = ["BadDigest", "XAmzContentSHA256Mismatch", "InvalidDigest"];
export const isChecksumRefusal = (error: unknown) => CHECKSUM_REFUSALS.includes((error as { name?: string } | null)?.name ?? "");

export async function getObjectStream(key: string): Promise<Readable> {
  const response = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
  return response.Body as Readable;
}

/** A copy inside the store, without the bytes passing through the app (one request up to 5 GiB). */
export async function copyObject(fromKey: string, toKey: string, contentType: string): Promise<void> {
  await s3.send(
    new CopyObjectCommand({
      Bucket: bucket,
      Key: toKey,
      CopySource: `${bucket}/${fromKey.split("/").map(encodeURIComponent).join("/")}`,
      ContentType: contentType,
      MetadataDirective: "REPLACE",
      ChecksumAlgorithm: "SHA256",
    }),
  );
}

/** Keys and last-modified dates of the objects under a prefix, a page at a time. */
export async function* listObjects(prefix: string): AsyncGenerator<{ key: string; lastModified: Date }> {
  let token: string | undefined;
  do {
    const page = await s3.send(new ListObjectsV2Command({ Bucket: bucket, Prefix: prefix, ContinuationToken: token }));
    for (const object of page.Contents ?? []) yield { key: object.Key!, lastModified: object.LastModified! };
    token = page.NextContinuationToken;
  } while (token);
}

/** Multipart uploads begun under a prefix and never completed nor aborted. */
export async function* listMultipartUploads(prefix: string): AsyncGenerator<{ key: string; uploadId: string; initiated: Date }> {
  let keyMarker: string | undefined;
  let uploadIdMarker: string | undefined;
  do {
    const page = await s3.send(
      new ListMultipartUploadsCommand({ Bucket: bucket, Prefix: prefix, KeyMarker: keyMarker, UploadIdMarker: uploadIdMarker }),
    );
    for (const upload of page.Uploads ?? []) yield { key: upload.Key!, uploadId: upload.UploadId!, initiated: upload.Initiated! };
    [keyMarker, uploadIdMarker] = page.IsTruncated ? [page.NextKeyMarker, page.NextUploadIdMarker] : [undefined, undefined];
  } while (keyMarker);
}

export async function abortMultipartUpload(key: string, uploadId: string): Promise<void> {
  await s3.send(new AbortMultipartUploadCommand({ Bucket: bucket, Key: key, UploadId: uploadId }));
}

export async function deleteObjects(keys: string[]): Promise<void> {
  await Promise.all(keys.map((key) => s3.send(new DeleteObjectCommand({ Bucket: bucket, Key: key }))));
}

export interface SignOptions {
  expiresInSeconds: number;
  /** Sign as of this moment instead of now: equal inputs then give equal URLs, which browsers can cache. */
  signedAt?: Date;
  contentDisposition?: string;
  contentType?: string;
}

/**
 * Signed URLs are for browsers, which may reach the store under another name than the app does
 * (S3_PUBLIC_ENDPOINT). They are presigned with the SigV4 signer directly: through the SDK's
 * command middleware a URL costs about a millisecond, and a page of the grid needs 180 of them.
 */
const publicEndpoint = new URL(env.s3PublicEndpoint);
const urlSigner = new SignatureV4({
  service: "s3",
  region: env.S3_REGION,
  credentials: s3.config.credentials, // the client's own: configured, or found by the SDK's default chain
  sha256: Hash.bind(null, "sha256"),
  uriEscapePath: false, // S3 signs the path as sent; it is escaped below
});

const encodeQuery = (query: Record<string, string | string[] | null | undefined>) =>
  Object.entries(query)
    .map(([name, value]) => `${encodeURIComponent(name)}=${encodeURIComponent(String(value))}`)
    .join("&");

export async function signedGetUrl(key: string, options: SignOptions): Promise<string> {
  const escapedKey = key.split("/").map(encodeURIComponent).join("/");
  const [hostname, path] = env.S3_FORCE_PATH_STYLE
    ? [publicEndpoint.hostname, `${publicEndpoint.pathname.replace(/\/$/, "")}/${bucket}/${escapedKey}`]
    : [`${bucket}.${publicEndpoint.hostname}`, `${publicEndpoint.pathname.replace(/\/$/, "")}/${escapedKey}`];
  const host = publicEndpoint.port ? `${hostname}:${publicEndpoint.port}` : hostname;
  const query: Record<string, string> = {};
  if (options.contentDisposition) query["response-content-disposition"] = options.contentDisposition;
  if (options.contentType) query["response-content-type"] = options.contentType;
  const signed = await urlSigner.presign(
    {
      method: "GET",
      protocol: publicEndpoint.protocol,
      hostname,
      port: Number(publicEndpoint.port) || undefined,
      path,
      query,
      // S3 and MinIO check a presigned URL's signature against an unsigned payload; without this
      // the signer would sign the hash of an empty body, which they refuse. Hoisted into the query.
      headers: { host, "X-Amz-Content-Sha256": "UNSIGNED-PAYLOAD" },
    },
    { expiresIn: options.expiresInSeconds, signingDate: options.signedAt },
  );
  return `${publicEndpoint.protocol}//${host}${path}?${encodeQuery(signed.query ?? {})}`;
}

export async function checkStorage(): Promise<void> {
  await s3.send(new HeadBucketCommand({ Bucket: bucket }));
}

/**
 * Lets pages from the app's origins (env.appOrigins) read objects with CORS requests: the grid
 * loads thumbnails that way so that its service worker can check and cache them. Browsers only
 * read from the store (uploads go through the app), so GET and HEAD are all a rule allows.
 * "unsupported": the store takes no bucket rules (as MinIO's community edition, whose server-wide
 * MINIO_API_CORS_ALLOW_ORIGIN applies instead).
 */
export async function setBucketCors(origins: string[]): Promise<"set" | "unsupported"> {
  try {
    await s3.send(
      new PutBucketCorsCommand({
        Bucket: bucket,
        CORSConfiguration: {
          CORSRules: [{ AllowedOrigins: origins, AllowedMethods: ["GET", "HEAD"], AllowedHeaders: ["*"], MaxAgeSeconds: 3600 }],
        },
      }),
    );
    return "set";
  } catch (error) {
    if ((error as Error).name === "NotImplemented") return "unsupported";
    throw error;
  }
}

/** The deployment's one-time store setup (the `migrate` command, `npm start`): the bucket and its CORS rule. */
export async function ensureBucket(): Promise<void> {
  try {
    await checkStorage();
  } catch {
    await s3.send(new CreateBucketCommand({ Bucket: bucket }));
  }
  const origins = env.appOrigins;
  if ((await setBucketCors(origins)) === "set") logger.info({ bucket, origins }, "bucket CORS rule set: GET and HEAD from the app");
  else logger.warn({ bucket }, "the store takes no bucket CORS rule: allow the app's origin in its own settings (MinIO: MINIO_API_CORS_ALLOW_ORIGIN)");
}
