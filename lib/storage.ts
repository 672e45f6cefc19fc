import type { Readable } from "node:stream";
import {
  CreateBucketCommand,
  DeleteObjectCommand,
  GetObjectCommand,
  HeadBucketCommand,
  PutObjectCommand,
  S3Client,
  type S3ClientConfig,
} from "@aws-sdk/client-s3";
import { Upload } from "@aws-sdk/lib-storage";
import { getSignedUrl } from "@aws-sdk/s3-request-presigner";
import { env } from "@/lib/env";

export type ThumbnailSize = "small" | "medium" | "large";

/** Object keys are built from ids only: user-supplied names never reach the store. */
export const objectKeys = {
  original: (userId: string, photoId: string) => `originals/${userId}/${photoId}`,
  thumbnail: (userId: string, photoId: string, size: ThumbnailSize) => `thumbnails/${userId}/${photoId}/${size}.webp`,
};

function clientConfig(endpoint: string): S3ClientConfig {
  return {
    endpoint,
    region: env.S3_REGION,
    forcePathStyle: env.S3_FORCE_PATH_STYLE,
    credentials: { accessKeyId: env.S3_ACCESS_KEY_ID, secretAccessKey: env.S3_SECRET_ACCESS_KEY },
    // The SDK's default flexible checksums corrupt streamed bodies on some S3-compatible servers
    // (s3rver stores the aws-chunked framing); ask for checksums only where S3 requires them.
    requestChecksumCalculation: "WHEN_REQUIRED",
    responseChecksumValidation: "WHEN_REQUIRED",
  };
}

export const s3 = new S3Client(clientConfig(env.s3Endpoint));

/** Signed URLs are for browsers, which may reach the store under another name than the app does. */
const signer = env.s3PublicEndpoint === env.s3Endpoint ? s3 : new S3Client(clientConfig(env.s3PublicEndpoint));

const bucket = env.S3_BUCKET;

/** Streams a body of unknown length to the store with a multipart upload: memory stays at a few parts. */
export async function uploadStream(key: string, body: Readable, contentType: string): Promise<void> {
  const upload = new Upload({
    client: s3,
    params: { Bucket: bucket, Key: key, Body: body, ContentType: contentType },
    partSize: 5 * 1024 * 1024, // S3's smallest part: memory stays at a few parts, and 10,000 parts still allow 48 GiB
    queueSize: 2,
    leavePartsOnError: false,
  });
  await upload.done();
}

export async function putObject(key: string, body: Buffer, contentType: string, cacheControl?: string): Promise<void> {
  await s3.send(
    new PutObjectCommand({ Bucket: bucket, Key: key, Body: body, ContentType: contentType, CacheControl: cacheControl }),
  );
}

export async function getObjectStream(key: string): Promise<Readable> {
  const response = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
  return response.Body as Readable;
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

export async function signedGetUrl(key: string, options: SignOptions): Promise<string> {
  const command = new GetObjectCommand({
    Bucket: bucket,
    Key: key,
    ResponseContentDisposition: options.contentDisposition,
    ResponseContentType: options.contentType,
  });
  return getSignedUrl(signer, command, { expiresIn: options.expiresInSeconds, signingDate: options.signedAt });
}

export async function checkStorage(): Promise<void> {
  await s3.send(new HeadBucketCommand({ Bucket: bucket }));
}

export async function ensureBucket(): Promise<void> {
  try {
    await checkStorage();
  } catch {
    await s3.send(new CreateBucketCommand({ Bucket: bucket }));
  }
}
