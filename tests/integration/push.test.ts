import { createECDH, randomBytes, randomUUID } from "node:crypto";
import { readFileSync } from "node:fs";
import { createServer, type Server } from "node:https";
import { createRequire } from "node:module";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { api, createUser, expectError, type TestUser } from "@/tests/support/api";

const ece = createRequire(import.meta.url)("http_ece") as {
  decrypt(body: Buffer, options: { version: "aes128gcm"; privateKey: ReturnType<typeof createECDH>; authSecret: string }): Buffer;
};

interface Delivery {
  path: string;
  headers: Record<string, string | string[] | undefined>;
  body: Buffer;
}

/**
 * A stand-in for a browser vendor's push service on this run's allowed origin: it records what the
 * app posts, answers 410 Gone for endpoints under /gone/ (a subscription the browser dropped) and
 * 500 for those under /failing/.
 */
function startPushService(port: number): Promise<{ deliveries: Delivery[]; server: Server }> {
  const deliveries: Delivery[] = [];
  const server = createServer(
    { cert: readFileSync("tests/fixtures/tls/push-service.crt"), key: readFileSync("tests/fixtures/tls/push-service.key") },
    (request, response) => {
      const chunks: Buffer[] = [];
      request.on("data", (chunk: Buffer) => chunks.push(chunk));
      request.on("end", () => {
        deliveries.push({ path: request.url!, headers: request.headers, body: Buffer.concat(chunks) });
        response.writeHead(request.url!.startsWith("/gone/") ? 410 : request.url!.startsWith("/failing/") ? 500 : 201).end();
      });
    },
  );
  return new Promise((resolve) => server.listen(port, "127.0.0.1", () => resolve({ deliveries, server })));
}

/** What a browser's PushManager.subscribe() gives: an endpoint and its P-256 key and auth secret. */
function browserSubscription(path: string) {
  const keys = createECDH("prime256v1");
  keys.generateKeys();
  const authSecret = randomBytes(16).toString("base64url");
  return {
    json: {
      endpoint: `https://127.0.0.1:${process.env.PUSH_SERVICE_PORT}${path}`,
      keys: { p256dh: keys.getPublicKey().toString("base64url"), auth: authSecret },
    },
    decrypt: (body: Buffer) =>
      JSON.parse(ece.decrypt(body, { version: "aes128gcm", privateKey: keys, authSecret }).toString("utf8")) as Record<string, string>,
  };
}

const postJson = (user: TestUser | null, route: string, body: unknown, method = "POST") =>
  api(user, route, { method, headers: { "content-type": "application/json" }, body: JSON.stringify(body) });

describe("web push: your photos are backed up", () => {
  let pushService: Awaited<ReturnType<typeof startPushService>>;
  let ana: TestUser;
  let ben: TestUser;

  beforeAll(async () => {
    pushService = await startPushService(Number(process.env.PUSH_SERVICE_PORT));
    [ana, ben] = await Promise.all([createUser(), createUser()]);
  });
  afterAll(() => new Promise<void>((resolve) => pushService.server.close(() => resolve())));

  it("tells the browser the key to subscribe with", async () => {
    const response = await api(ana, "/api/v1/push");
    expect(await response.json()).toEqual({ enabled: true, publicKey: process.env.VAPID_PUBLIC_KEY });
    await expectError(await api(null, "/api/v1/push"), 401, "unauthorized");
  });

  it("sends an encrypted, VAPID-signed notification to every subscribed browser of the user", async () => {
    const phone = browserSubscription(`/send/${randomUUID()}`);
    expect((await postJson(ana, "/api/v1/push/subscriptions", phone.json)).status).toBe(201);
    // The same browser subscribing again stays one subscription.
    expect((await postJson(ana, "/api/v1/push/subscriptions", phone.json)).status).toBe(201);

    const response = await postJson(ana, "/api/v1/push/backup-finished", { count: 30 });
    expect(response.status).toBe(202);
    expect(await response.json()).toEqual({ delivered: 1 });

    const delivery = pushService.deliveries.find((each) => phone.json.endpoint.endsWith(each.path))!;
    expect(delivery.headers["content-encoding"]).toBe("aes128gcm");
    expect(delivery.headers.ttl).toBe("86400");
    expect(delivery.headers.authorization).toMatch(new RegExp(`^vapid t=[\\w-]+\\.[\\w-]+\\.[\\w-]+, k=${process.env.VAPID_PUBLIC_KEY}$`));
    expect(phone.decrypt(delivery.body)).toEqual({
      title: "Your photos are backed up",
      body: "30 new photos are safe in your library.",
      url: "/",
      tag: "backup-finished",
    });
  });

  it("forgets a subscription the push service says is gone", async () => {
    const gone = browserSubscription(`/gone/${randomUUID()}`);
    expect((await postJson(ben, "/api/v1/push/subscriptions", gone.json)).status).toBe(201);
    expect(await (await postJson(ben, "/api/v1/push/backup-finished", { count: 1 })).json()).toEqual({ delivered: 0 });
    const before = pushService.deliveries.length;
    expect(await (await postJson(ben, "/api/v1/push/backup-finished", { count: 1 })).json()).toEqual({ delivered: 0 });
    expect(pushService.deliveries.length).toBe(before);
  });

  it("posts only to known push services, and only a user's own subscriptions are theirs to remove", async () => {
    const internal = browserSubscription("/x");
    for (const endpoint of ["https://169.254.169.254/latest/meta-data", "http://127.0.0.1/push", "https://example.com/push"]) {
      await expectError(await postJson(ana, "/api/v1/push/subscriptions", { ...internal.json, endpoint }), 400, "bad_request");
    }
    await expectError(await postJson(ana, "/api/v1/push/subscriptions", { endpoint: internal.json.endpoint }), 400, "bad_request");
    await expectError(await postJson(ana, "/api/v1/push/backup-finished", { count: 0 }), 400, "bad_request");

    const laptop = browserSubscription(`/send/${randomUUID()}`);
    expect((await postJson(ana, "/api/v1/push/subscriptions", laptop.json)).status).toBe(201);
    expect((await postJson(ben, "/api/v1/push/subscriptions", { endpoint: laptop.json.endpoint }, "DELETE")).status).toBe(204);
    expect(await (await postJson(ana, "/api/v1/push/backup-finished", { count: 2 })).json()).toEqual({ delivered: 2 });

    expect((await postJson(ana, "/api/v1/push/subscriptions", { endpoint: laptop.json.endpoint }, "DELETE")).status).toBe(204);
    expect(await (await postJson(ana, "/api/v1/push/backup-finished", { count: 2 })).json()).toEqual({ delivered: 1 });
  });

  it("keeps ten browsers a person at most: subscribing an eleventh forgets the one subscribed longest ago", async () => {
    const cara = await createUser();
    const browsers = Array.from({ length: 11 }, () => browserSubscription(`/send/${randomUUID()}`));
    for (const browser of browsers) expect((await postJson(cara, "/api/v1/push/subscriptions", browser.json)).status).toBe(201);
    const before = pushService.deliveries.length;
    expect(await (await postJson(cara, "/api/v1/push/backup-finished", { count: 1 })).json()).toEqual({ delivered: 10 });
    const reached = pushService.deliveries.slice(before).map((delivery) => delivery.path);
    expect(reached).not.toContain(new URL(browsers[0]!.json.endpoint).pathname);
  });

  it("drops an endpoint its push service keeps refusing, after five tries", async () => {
    const dan = await createUser();
    const failing = browserSubscription(`/failing/${randomUUID()}`);
    expect((await postJson(dan, "/api/v1/push/subscriptions", failing.json)).status).toBe(201);
    const tries = () => pushService.deliveries.filter((delivery) => failing.json.endpoint.endsWith(delivery.path)).length;
    for (let attempt = 0; attempt < 7; attempt++) await postJson(dan, "/api/v1/push/backup-finished", { count: 1 });
    expect(tries()).toBe(5);
  });

  it("never moves a subscription to another account by its endpoint alone: only its own browser can", async () => {
    const [eve, fay] = await Promise.all([createUser(), createUser()]);
    const browser = browserSubscription(`/send/${randomUUID()}`);
    expect((await postJson(eve, "/api/v1/push/subscriptions", browser.json)).status).toBe(201);
    const stolen = { ...browser.json, keys: { ...browser.json.keys, auth: randomBytes(16).toString("base64url") } };
    await expectError(await postJson(fay, "/api/v1/push/subscriptions", stolen), 409, "conflict");
    expect(await (await postJson(fay, "/api/v1/push/backup-finished", { count: 1 })).json()).toEqual({ delivered: 0 });
    expect(await (await postJson(eve, "/api/v1/push/backup-finished", { count: 1 })).json()).toEqual({ delivered: 1 });
    // The browser itself, now signed in as fay, subscribes again with its own keys: it moves.
    expect((await postJson(fay, "/api/v1/push/subscriptions", browser.json)).status).toBe(201);
    expect(await (await postJson(eve, "/api/v1/push/backup-finished", { count: 1 })).json()).toEqual({ delivered: 0 });
  });

  it("limits 'backed up' notifications to twenty an hour a person", async () => {
    const gus = await createUser();
    for (let sent = 0; sent < 20; sent++) expect((await postJson(gus, "/api/v1/push/backup-finished", { count: 1 })).status).toBe(202);
    const refused = await postJson(gus, "/api/v1/push/backup-finished", { count: 1 });
    await expectError(refused, 429, "rate_limited");
    expect(Number(refused.headers.get("retry-after"))).toBeGreaterThan(0);
  });
});
