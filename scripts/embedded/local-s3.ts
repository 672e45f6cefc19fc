import { mkdir } from "node:fs/promises";
import type { Readable } from "node:stream";
import path from "node:path";
import { createRequire } from "node:module";
import S3rver from "s3rver";
import { addMultipartListing, writeBody, type S3rverApp } from "@/scripts/embedded/local-s3-multipart";
import { verifySignatures } from "@/scripts/embedded/local-s3-signatures";

const require = createRequire(import.meta.url);
const S3Error = require("s3rver/lib/models/error") as new (code: string, message: string) => Error;

interface StoredObject {
  bucket: string;
  key: string;
  content: Readable | Buffer;
  metadata: unknown;
}
interface ObjectStore {
  getResourcePath(bucket: string, key: string, resource: string): string;
  putObject(object: StoredObject): Promise<{ size: number; md5: string }>;
  putMetadata(bucket: string, key: string, metadata: unknown, md5: string): Promise<void>;
}

/**
 * S3 never keeps a PUT whose body stopped short of its Content-Length. s3rver pipes the request
 * into the object's file with `.pipe()`, which never learns of an abort: the cut-off file stays,
 * even when created after the client's own clean-up DELETE. Here the body is written by
 * writeBody, which fails on an aborted request and removes the partial file.
 */
function keepOnlyCompletePuts(store: ObjectStore) {
  const putBuffer = store.putObject.bind(store);
  store.putObject = async (object) => {
    if (Buffer.isBuffer(object.content)) return putBuffer(object);
    const written = await writeBody(object.content, store.getResourcePath(object.bucket, object.key, "object"));
    await store.putMetadata(object.bucket, object.key, object.metadata, written.md5);
    return written;
  };
}

/**
 * Only requests addressed to the store by a name it is reached by: a page on another site that
 * makes the browser send requests to it under a name of its own (DNS rebinding) gets nothing.
 */
function onlyHosts(hosts: string[]) {
  const allowed = new Set(hosts.map((host) => host.toLowerCase()));
  return async (ctx: { get(header: string): string }, next: () => Promise<unknown>) => {
    const host = ctx.get("host").toLowerCase();
    if (!allowed.has(host)) throw new S3Error("AccessDenied", `This store is not reached as ${JSON.stringify(host)}.`);
    return next();
  };
}

/**
 * An S3-compatible server (s3rver) keeping objects under DATA_DIR/s3, for running with nothing
 * configured. The app reaches it through @aws-sdk/client-s3 and signed URLs exactly as it would
 * any S3 store. `hosts`: the Host headers (name:port) it answers, the app's and the browsers'.
 */
export async function startLocalS3(
  dataDir: string,
  port: number,
  credentials: { accessKeyId: string; secretAccessKey: string },
  bucket: string,
  hosts: string[],
) {
  const directory = path.join(dataDir, "s3");
  await mkdir(directory, { recursive: true, mode: 0o700 });
  const options = {
    address: "127.0.0.1",
    port,
    directory,
    silent: true,
    // A bucket in the path, or in an amazonaws.com name as on S3; never any other Host as one.
    vhostBuckets: false, // (an option s3rver's types omit)
    configureBuckets: [{ name: bucket, configs: [] }], // its CORS rule is set by ensureBucket, as on any store
  };
  const server = new S3rver(options);
  // s3rver knows one hard-wired key pair; register the configured one (its own check wants the key id to exist).
  const { DUMMY_ACCOUNT } = require("s3rver/lib/models/account") as {
    DUMMY_ACCOUNT: { createKeyPair(accessKeyId: string, secretAccessKey: string): void };
  };
  DUMMY_ACCOUNT.createKeyPair(credentials.accessKeyId, credentials.secretAccessKey);
  addMultipartListing(server as unknown as S3rverApp);
  // Before the multipart operations and the routes: nothing unsigned or wrongly signed reaches them.
  const app = server as unknown as S3rverApp;
  app.middleware.splice(app.middleware.length - 2, 0, verifySignatures(credentials) as never);
  keepOnlyCompletePuts(app.store as unknown as ObjectStore);
  app.middleware.unshift(onlyHosts(hosts) as never);
  await server.run();
  return { stop: () => server.close() };
}
