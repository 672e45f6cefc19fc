import { createHash } from "node:crypto";
import { createWriteStream } from "node:fs";
import { mkdir, readdir, readFile, rm, stat, writeFile } from "node:fs/promises";
import { createRequire } from "node:module";
import path from "node:path";
import type { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";

const require = createRequire(import.meta.url);

/** The parts of s3rver's Koa app this file reaches into. */
interface KoaContext {
  method: string;
  path: string;
  query: Record<string, string | undefined>;
  params: Record<string, string | undefined>;
  status: number;
  body: unknown;
  store: FilesystemStore;
}
type Middleware = (ctx: KoaContext, next: () => Promise<unknown>) => Promise<unknown>;
interface FilesystemStore {
  getResourcePath(bucket: string, key: string | undefined, resource: string): string;
  putPart(bucket: string, uploadId: string, partNumber: string, content: Readable): Promise<{ size: number; md5: string }>;
}
export interface S3rverApp {
  middleware: Middleware[];
  store: FilesystemStore;
}

const authentication = require("s3rver/lib/middleware/authentication") as () => Middleware;
const S3Error = require("s3rver/lib/models/error") as new (code: string, message: string, detail?: object) => Error;

/**
 * Writes a request body to a file with its size and MD5, failing (and removing the cut-off file)
 * when the body ends early: `pipeline` learns of an aborted request, s3rver's `.pipe()` does not.
 * A body sent with `x-amz-checksum-sha256` (S3's flexible checksums, which s3rver does not know)
 * must have that SHA-256, or it is refused with BadDigest and nothing is kept, as S3 does.
 */
export async function writeBody(content: Readable, filePath: string): Promise<{ size: number; md5: string }> {
  await mkdir(path.dirname(filePath), { recursive: true });
  const expectedSha256 = (content as Readable & { headers?: Record<string, string | string[] | undefined> }).headers?.["x-amz-checksum-sha256"];
  const md5 = createHash("md5");
  const sha256 = createHash("sha256");
  let size = 0;
  try {
    await pipeline(
      content,
      async function* (chunks: AsyncIterable<Buffer>) {
        for await (const chunk of chunks) {
          md5.update(chunk);
          sha256.update(chunk);
          size += chunk.length;
          yield chunk;
        }
      },
      createWriteStream(filePath),
    );
    if (typeof expectedSha256 === "string" && sha256.digest("base64") !== expectedSha256) {
      throw new S3Error("BadDigest", "The SHA256 you specified did not match the calculated checksum.");
    }
  } catch (error) {
    await rm(filePath, { force: true });
    throw error;
  }
  return { size, md5: md5.digest("hex") };
}

/**
 * s3rver implements creating, filling and completing multipart uploads, but not listing their
 * parts, aborting them or listing them: the three operations a resumable upload needs (the offset
 * to resume from, the clean-up of expired uploads). This adds them, reading the directory where
 * s3rver keeps an upload's parts, and makes a stored part final before UploadPart answers (s3rver
 * answers while the part file may still be flushing, so ListParts could see it short).
 */
export function addMultipartListing(app: S3rverApp): void {
  const uploadsDirectory = (bucket: string) => app.store.getResourcePath(bucket, undefined, "uploads");
  app.store.putPart = async (bucket, uploadId, partNumber, content) => {
    const partPath = path.join(uploadsDirectory(bucket), uploadId, partNumber);
    const written = await writeBody(content, partPath);
    await writeFile(`${partPath}.md5`, written.md5);
    return written;
  };

  const authenticate = authentication();
  const operations: Middleware = async (ctx, next) => {
    const [bucket, ...keyParts] = ctx.path.split("/").slice(1).map(decodeURIComponent);
    const key = keyParts.join("/");
    const uploadId = ctx.query.uploadId;
    if (!bucket) return next();
    const handle = (operation: () => Promise<void>) => {
      ctx.params = { bucket, key: key || undefined };
      return authenticate(ctx, operation);
    };
    if (ctx.method === "GET" && key && uploadId) return handle(() => listParts(ctx, bucket, key, uploadId));
    if (ctx.method === "DELETE" && key && uploadId) return handle(() => abortUpload(ctx, bucket, uploadId));
    if (ctx.method === "GET" && !key && "uploads" in ctx.query) return handle(() => listUploads(ctx, bucket));
    return next();
  };
  // Before s3rver's router (the last middleware), which answers these as not implemented.
  app.middleware.splice(app.middleware.length - 1, 0, operations);

  const uploadDirectory = async (bucket: string, uploadId: string) => {
    const directory = path.join(uploadsDirectory(bucket), path.basename(uploadId));
    if (!(await stat(directory).catch(() => null))) {
      throw new S3Error("NoSuchUpload", "The specified upload does not exist.", { UploadId: uploadId });
    }
    return directory;
  };

  async function listParts(ctx: KoaContext, bucket: string, key: string, uploadId: string) {
    const directory = await uploadDirectory(bucket, uploadId);
    const numbers = (await readdir(directory)).filter((name) => /^\d+$/.test(name)).map(Number).sort((a, b) => a - b);
    const parts = [];
    for (const number of numbers) {
      const md5 = await readFile(path.join(directory, `${number}.md5`), "utf8").catch(() => null);
      if (!md5) continue; // still being written
      const { size, mtime } = await stat(path.join(directory, String(number)));
      parts.push({ PartNumber: number, LastModified: mtime.toISOString(), ETag: `"${md5}"`, Size: size });
    }
    ctx.body = {
      ListPartsResult: { Bucket: bucket, Key: key, UploadId: uploadId, MaxParts: 10_000, IsTruncated: false, Part: parts },
    };
  }

  async function abortUpload(ctx: KoaContext, bucket: string, uploadId: string) {
    await rm(await uploadDirectory(bucket, uploadId), { recursive: true, force: true });
    ctx.status = 204;
  }

  async function listUploads(ctx: KoaContext, bucket: string) {
    const prefix = ctx.query.prefix ?? "";
    const ids = await readdir(uploadsDirectory(bucket)).catch(() => [] as string[]);
    const uploads = [];
    for (const uploadId of ids) {
      const directory = path.join(uploadsDirectory(bucket), uploadId);
      const keyFile = path.join(directory, "key"); // written once, when the upload is initiated
      const key = await readFile(keyFile, "utf8").catch(() => null);
      if (key === null || !key.startsWith(prefix)) continue;
      uploads.push({ Key: key, UploadId: uploadId, Initiated: (await stat(keyFile)).mtime.toISOString() });
    }
    ctx.body = {
      ListMultipartUploadsResult: { Bucket: bucket, Prefix: prefix, MaxUploads: 1000, IsTruncated: false, Upload: uploads },
    };
  }
}
