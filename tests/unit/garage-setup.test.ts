import { describe, expect, it } from "vitest";
import { initStore, layoutRequests, parseStoreInitSettings, type AdminRequest } from "@/scripts/garage-setup";

const config = parseStoreInitSettings({
  GARAGE_ADMIN_URL: "http://garage:3903",
  GARAGE_ADMIN_TOKEN: "t".repeat(44),
  S3_ACCESS_KEY_ID: `GK${"a1".repeat(12)}`,
  S3_SECRET_ACCESS_KEY: "f0".repeat(32),
});

/** Garage's admin API (v2) as far as the setup uses it, with one node. */
function fakeGarage() {
  const state = {
    layout: { version: 0, roles: [] as { id: string }[], staged: [] as { id: string }[] },
    keys: new Map<string, { secret: string; createBucket: boolean }>(),
    buckets: new Map<string, { id: string; permissions: Map<string, Record<string, boolean>> }>(),
  };
  const calls: AdminRequest[] = [];
  const send = async (request: AdminRequest) => {
    calls.push(request);
    const url = new URL(request.path, "http://garage");
    const body = request.body as {
      roles: { id: string }[];
      version: number;
      accessKeyId: string;
      secretAccessKey: string;
      globalAlias: string;
      bucketId: string;
      permissions: Record<string, boolean>;
    };
    switch (`${request.method} ${url.pathname}`) {
      case "GET /v2/GetClusterStatus":
        return { status: 200, body: { nodes: [{ id: "node-1", isUp: true }] } };
      case "GET /v2/GetClusterLayout":
        return { status: 200, body: { version: state.layout.version, roles: state.layout.roles } };
      case "POST /v2/UpdateClusterLayout":
        state.layout.staged = body.roles;
        return { status: 200, body: {} };
      case "POST /v2/ApplyClusterLayout":
        if (body.version !== state.layout.version + 1) return { status: 400, body: { message: "wrong version" } };
        state.layout = { version: body.version, roles: state.layout.staged, staged: [] };
        return { status: 200, body: {} };
      case "GET /v2/GetKeyInfo":
        return state.keys.has(url.searchParams.get("id")!) ? { status: 200, body: {} } : { status: 404, body: { code: "NoSuchAccessKey" } };
      case "POST /v2/ImportKey":
        state.keys.set(body.accessKeyId, { secret: body.secretAccessKey, createBucket: false });
        return { status: 200, body: {} };
      case "GET /v2/GetBucketInfo": {
        const bucket = state.buckets.get(url.searchParams.get("globalAlias")!);
        return bucket ? { status: 200, body: { id: bucket.id } } : { status: 404, body: { code: "NoSuchBucket" } };
      }
      case "POST /v2/CreateBucket":
        state.buckets.set(body.globalAlias, { id: `bucket-${body.globalAlias}`, permissions: new Map() });
        return { status: 200, body: { id: `bucket-${body.globalAlias}` } };
      case "POST /v2/AllowBucketKey": {
        const bucket = [...state.buckets.values()].find((candidate) => candidate.id === body.bucketId)!;
        bucket.permissions.set(body.accessKeyId, body.permissions);
        return { status: 200, body: {} };
      }
      default:
        return { status: 404, body: { message: `no endpoint ${url.pathname}` } };
    }
  };
  return { state, calls, send };
}

describe("the production store's setup (Garage's admin API)", () => {
  it("gives the node a role, imports the app's key and allows it on the photos bucket alone, without the right to create buckets", async () => {
    const garage = fakeGarage();
    expect(await initStore(config, garage.send)).toEqual([
      "/v2/UpdateClusterLayout",
      "/v2/ApplyClusterLayout",
      "/v2/ImportKey",
      "/v2/CreateBucket",
    ]);
    expect(garage.state.layout).toMatchObject({ version: 1, roles: [{ id: "node-1" }] });
    expect(garage.state.keys.get(config.S3_ACCESS_KEY_ID)).toEqual({ secret: config.S3_SECRET_ACCESS_KEY, createBucket: false });
    expect([...garage.state.buckets.keys()]).toEqual(["photos"]);
    expect(Object.fromEntries(garage.state.buckets.get("photos")!.permissions)).toEqual({
      [config.S3_ACCESS_KEY_ID]: { read: true, write: true, owner: true },
    });
  });

  it("changes nothing when run again", async () => {
    const garage = fakeGarage();
    await initStore(config, garage.send);
    garage.calls.length = 0;
    expect(await initStore(config, garage.send)).toEqual([]);
    expect(garage.calls.filter((call) => call.method === "POST").map((call) => call.path)).toEqual(["/v2/AllowBucketKey"]);
    expect(garage.state.layout.version).toBe(1);
  });

  it("leaves a layout that has the node alone", () => {
    expect(layoutRequests("node-1", { version: 3, roles: [{ id: "node-1" }] })).toEqual([]);
    expect(layoutRequests("node-1", { version: 3, roles: [] }).at(-1)).toEqual({ method: "POST", path: "/v2/ApplyClusterLayout", body: { version: 4 } });
  });

  it("refuses keys Garage would not import, naming how to make one", () => {
    const settings = { GARAGE_ADMIN_URL: "http://garage:3903", GARAGE_ADMIN_TOKEN: "t".repeat(44), S3_SECRET_ACCESS_KEY: "f0".repeat(32) };
    expect(() => parseStoreInitSettings({ ...settings, S3_ACCESS_KEY_ID: "photo-backup" })).toThrow(/openssl rand -hex 12/);
    expect(() => parseStoreInitSettings({ ...settings, S3_ACCESS_KEY_ID: `GK${"a1".repeat(12)}`, S3_SECRET_ACCESS_KEY: "minioadmin" })).toThrow(/64 hex digits/);
  });
});
