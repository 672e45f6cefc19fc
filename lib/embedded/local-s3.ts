import { mkdir } from "node:fs/promises";
import path from "node:path";
import { createRequire } from "node:module";
import S3rver from "s3rver";
import { addMultipartListing, type S3rverApp } from "@/lib/embedded/local-s3-multipart";
import { verifySignatures } from "@/lib/embedded/local-s3-signatures";

const require = createRequire(import.meta.url);

interface PutContext {
  method: string;
  path: string;
  query: Record<string, unknown>;
  req: { complete: boolean };
  store: { deleteObject(bucket: string, key: string): Promise<void> };
}

/**
 * S3 never keeps a PUT whose body stopped short of its Content-Length; s3rver sometimes stores
 * it once the client has gone (after the client's own clean-up DELETE, so it would stay).
 */
async function discardIncompletePuts(ctx: PutContext, next: () => Promise<unknown>) {
  await next();
  if (ctx.method !== "PUT" || "uploadId" in ctx.query || ctx.req.complete) return;
  const [bucket, ...key] = ctx.path.split("/").slice(1).map(decodeURIComponent);
  if (bucket && key.length) await ctx.store.deleteObject(bucket, key.join("/")).catch(() => {});
}

/**
 * An S3-compatible server (s3rver) keeping objects under DATA_DIR/s3, for running with nothing
 * configured. The app reaches it through @aws-sdk/client-s3 and signed URLs exactly as it would
 * MinIO or S3.
 */
export async function startLocalS3(
  dataDir: string,
  port: number,
  credentials: { accessKeyId: string; secretAccessKey: string },
  bucket: string,
) {
  const directory = path.join(dataDir, "s3");
  await mkdir(directory, { recursive: true });
  const server = new S3rver({
    address: "127.0.0.1",
    port,
    directory,
    silent: true,
    configureBuckets: [{ name: bucket, configs: [] }], // its CORS rule is set by ensureBucket, as on any store
  });
  // s3rver knows one hard-wired key pair; register the configured one (its own check wants the key id to exist).
  const { DUMMY_ACCOUNT } = require("s3rver/lib/models/account") as {
    DUMMY_ACCOUNT: { createKeyPair(accessKeyId: string, secretAccessKey: string): void };
  };
  DUMMY_ACCOUNT.createKeyPair(credentials.accessKeyId, credentials.secretAccessKey);
  addMultipartListing(server as unknown as S3rverApp);
  // Before the multipart operations and the routes: nothing unsigned or wrongly signed reaches them.
  const app = server as unknown as S3rverApp;
  app.middleware.splice(app.middleware.length - 2, 0, verifySignatures(credentials) as never, discardIncompletePuts as never);
  await server.run();
  return { stop: () => server.close() };
}
