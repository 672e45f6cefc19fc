/**
 * The production stack's store setup (docker-compose.yml, service `store-init`, which runs
 * scripts/store-init.ts), through Garage's
 * admin API (v2): gives its single node a role in the cluster layout (Garage stores nothing
 * before), imports the app's key, creates the photos bucket and allows that key on it alone:
 * read, write, and owner (the migrate step sets the bucket's CORS rule with it). The key may not
 * create buckets; the admin token stays in this one-shot service, never in the app's processes.
 * Run again, it changes nothing.
 */
import { z } from "zod";

const settings = z.object({
  GARAGE_ADMIN_URL: z.url(),
  GARAGE_ADMIN_TOKEN: z.string().min(32, "at least 32 characters (openssl rand -base64 32)"),
  S3_ACCESS_KEY_ID: z.string().regex(/^GK[0-9a-f]{24}$/, "a Garage key id, GK and 24 hex digits (echo GK$(openssl rand -hex 12))"),
  S3_SECRET_ACCESS_KEY: z.string().regex(/^[0-9a-f]{64}$/, "64 hex digits (openssl rand -hex 32)"),
  S3_BUCKET: z.string().min(3).default("photos"),
});
export type StoreInitSettings = z.infer<typeof settings>;

/** The settings from the environment; an empty variable counts as unset, as in lib/env.ts. */
export const parseStoreInitSettings = (source: Record<string, string | undefined>) =>
  settings.parse(Object.fromEntries(Object.entries(source).filter(([, value]) => value !== "")));

export interface AdminRequest {
  method: "GET" | "POST";
  /** The endpoint and its query, e.g. /v2/GetBucketInfo?globalAlias=photos */
  path: string;
  body?: unknown;
}

interface LayoutRole {
  id: string;
}
export interface ClusterLayout {
  version: number;
  roles: LayoutRole[];
}

/** A single node's share of the data: only its presence matters (capacity weighs nodes against each other). */
const NODE_CAPACITY_BYTES = 1_000_000_000_000;

/** The layout change that gives the node a role, and its application; none once it has one. */
export function layoutRequests(nodeId: string, layout: ClusterLayout): AdminRequest[] {
  if (layout.roles.some((role) => role.id === nodeId)) return [];
  return [
    { method: "POST", path: "/v2/UpdateClusterLayout", body: { roles: [{ id: nodeId, zone: "dc1", capacity: NODE_CAPACITY_BYTES, tags: [] }] } },
    { method: "POST", path: "/v2/ApplyClusterLayout", body: { version: layout.version + 1 } },
  ];
}

export const importKeyRequest = (config: StoreInitSettings): AdminRequest => ({
  method: "POST",
  path: "/v2/ImportKey",
  body: { accessKeyId: config.S3_ACCESS_KEY_ID, secretAccessKey: config.S3_SECRET_ACCESS_KEY, name: "photo-backup" },
});

export const createBucketRequest = (config: StoreInitSettings): AdminRequest => ({
  method: "POST",
  path: "/v2/CreateBucket",
  body: { globalAlias: config.S3_BUCKET },
});

export const allowKeyRequest = (bucketId: string, config: StoreInitSettings): AdminRequest => ({
  method: "POST",
  path: "/v2/AllowBucketKey",
  body: { bucketId, accessKeyId: config.S3_ACCESS_KEY_ID, permissions: { read: true, write: true, owner: true } },
});

type Send = (request: AdminRequest) => Promise<{ status: number; body: unknown }>;

/** Brings Garage to what the app needs; returns what it changed. */
export async function initStore(config: StoreInitSettings, send: Send): Promise<string[]> {
  const call = async (request: AdminRequest) => {
    const response = await send(request);
    if (response.status >= 300) throw new Error(`Garage's admin API answered ${response.status} to ${request.path}: ${JSON.stringify(response.body)}`);
    return response.body;
  };
  const absent = async (request: AdminRequest) => {
    const response = await send(request);
    return response.status === 404 || response.status === 400 ? null : response.body;
  };
  const changed: string[] = [];
  const { nodes } = (await call({ method: "GET", path: "/v2/GetClusterStatus" })) as { nodes: { id: string }[] };
  if (nodes.length !== 1) throw new Error(`Garage has ${nodes.length} nodes: this setup is for the stack's single node`);
  for (const request of layoutRequests(nodes[0]!.id, (await call({ method: "GET", path: "/v2/GetClusterLayout" })) as ClusterLayout)) {
    await call(request);
    changed.push(request.path);
  }
  if (!(await absent({ method: "GET", path: `/v2/GetKeyInfo?id=${encodeURIComponent(config.S3_ACCESS_KEY_ID)}` }))) {
    await call(importKeyRequest(config));
    changed.push("/v2/ImportKey");
  }
  let bucket = (await absent({ method: "GET", path: `/v2/GetBucketInfo?globalAlias=${encodeURIComponent(config.S3_BUCKET)}` })) as { id: string } | null;
  if (!bucket) {
    bucket = (await call(createBucketRequest(config))) as { id: string };
    changed.push("/v2/CreateBucket");
  }
  await call(allowKeyRequest(bucket.id, config)); // only adds: an allowed key stays as it is
  return changed;
}

/** Garage's admin API over HTTP, with its bearer token. */
export const adminApi =
  (baseUrl: string, token: string): Send =>
  async ({ method, path, body }) => {
    const response = await fetch(new URL(path, baseUrl), {
      method,
      headers: { authorization: `Bearer ${token}`, ...(body === undefined ? {} : { "content-type": "application/json" }) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    return { status: response.status, body: text ? (JSON.parse(text) as unknown) : null };
  };
