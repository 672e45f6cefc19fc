import { mkdir } from "node:fs/promises";
import path from "node:path";
import { createRequire } from "node:module";
import S3rver from "s3rver";
import { addMultipartListing, type S3rverApp } from "@/lib/embedded/local-s3-multipart";
import { verifySignatures } from "@/lib/embedded/local-s3-signatures";

const require = createRequire(import.meta.url);

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
  app.middleware.splice(app.middleware.length - 2, 0, verifySignatures(credentials) as never);
  await server.run();
  return { stop: () => server.close() };
}
