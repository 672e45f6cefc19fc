import { readFile } from "node:fs/promises";
import { describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { api, baseUrl, createUser, expectError, fixturePath, type TestUser } from "@/tests/support/api";

const storeOrigin = () => new URL(process.env.S3_ENDPOINT!).origin;

describe("security headers", () => {
  it("serve pages under a Content-Security-Policy without 'unsafe-eval' or inline scripts but its nonce's, which names the store", async () => {
    const response = await fetch(`${baseUrl()}/login`);
    const csp = response.headers.get("content-security-policy")!;
    const directives = Object.fromEntries(csp.split(/;\s*/).map((directive) => [directive.split(" ")[0], directive.split(" ").slice(1)]));
    const nonce = /^'nonce-([A-Za-z0-9+/=]{16,})'$/.exec(directives["script-src"][1])?.[1];
    expect(directives["script-src"]).toEqual(["'self'", `'nonce-${nonce}'`, "'wasm-unsafe-eval'"]);
    // Every script in the page carries this response's nonce, and the next response has another.
    const scripts = (await response.text()).match(/<script\b[^>]*>/g)!;
    expect(scripts.length).toBeGreaterThan(0);
    for (const script of scripts) expect(script).toContain(`nonce="${nonce}"`);
    const next = (await fetch(`${baseUrl()}/login`)).headers.get("content-security-policy")!;
    expect(next).not.toContain(nonce);
    expect(directives["default-src"]).toEqual(["'self'"]);
    expect(directives["img-src"]).toContain(storeOrigin());
    expect(directives["media-src"]).toContain(storeOrigin());
    expect(directives["connect-src"]).toContain(storeOrigin());
    expect(directives["frame-ancestors"]).toEqual(["'none'"]);
    expect(directives["object-src"]).toEqual(["'none'"]);
    expect(response.headers.get("strict-transport-security")).toBeNull();
  });

  it("add HSTS and upgrade-insecure-requests behind a TLS proxy", async () => {
    const response = await fetch(`${baseUrl()}/login`, { headers: { "x-forwarded-proto": "https" } });
    expect(response.headers.get("strict-transport-security")).toMatch(/^max-age=\d{8,}/);
    expect(response.headers.get("content-security-policy")).toContain("upgrade-insecure-requests");
  });

  it("send nosniff, a same-origin referrer policy, no framing and no device features, on pages, API and files", async () => {
    for (const route of ["/login", "/api/v1/photos", "/manifest.webmanifest", "/icons/icon-192.png"]) {
      const { headers } = await fetch(`${baseUrl()}${route}`);
      expect(headers.get("x-content-type-options"), route).toBe("nosniff");
      expect(headers.get("referrer-policy"), route).toBe("same-origin");
      expect(headers.get("x-frame-options"), route).toBe("DENY");
      expect(headers.get("permissions-policy"), route).toContain("camera=()");
    }
  });
});

describe("cross-site requests with the session cookie (CSRF)", () => {
  const withCookie = (user: TestUser, route: string, init: RequestInit = {}) =>
    fetch(`${baseUrl()}${route}`, { ...init, headers: { cookie: user.cookie, ...init.headers } });
  const photoForm = async () => {
    const form = new FormData();
    form.append("file", new Blob([new Uint8Array(await readFile(fixturePath("camera/Nikon_D70.jpg")))]), "Nikon_D70.jpg");
    return form;
  };

  it("are refused with 403 when another site's page sends them, and change nothing", async () => {
    const user = await createUser();
    const evil = { origin: "https://evil.example" };
    await expectError(await withCookie(user, "/api/v1/photos", { method: "POST", headers: evil, body: await photoForm() }), 403, "forbidden");
    expect(((await (await api(user, "/api/v1/photos")).json()) as { photos: unknown[] }).photos).toEqual([]);

    const own = await withCookie(user, "/api/v1/photos", { method: "POST", headers: { origin: baseUrl() }, body: await photoForm() });
    expect(own.status).toBe(201);
    const { photo } = (await own.json()) as { photo: { id: string } };
    await expectError(await withCookie(user, `/api/v1/photos/${photo.id}`, { method: "DELETE", headers: evil }), 403, "forbidden");
    await expectError(await withCookie(user, `/api/v1/photos/${photo.id}`, { method: "DELETE", headers: { origin: "null" } }), 403, "forbidden");
    expect((await api(user, `/api/v1/photos/${photo.id}`)).status).toBe(200);
    const tokens = await fetch(`${baseUrl()}/api/v1/auth/tokens`, {
      method: "POST",
      headers: { ...evil, "content-type": "application/json" },
      body: JSON.stringify({ email: user.email, password: user.password }),
    });
    await expectError(tokens, 403, "forbidden");
  });

  it("are let through from clients that send no Origin (curl, apps)", async () => {
    const user = await createUser();
    expect((await withCookie(user, "/api/v1/photos", { method: "POST", body: await photoForm() })).status).toBe(201);
  });
});

describe("sessions, passwords and tokens", () => {
  it("set the session cookie HttpOnly and SameSite=Lax, and Secure behind TLS", async () => {
    const signup = (headers: Record<string, string> = {}) =>
      fetch(`${baseUrl()}/api/v1/auth/signup`, {
        method: "POST",
        headers: { "content-type": "application/json", ...headers },
        body: JSON.stringify({ email: `cookie-${crypto.randomUUID()}@example.com`, password: "correct horse battery" }),
      });
    const plain = (await signup()).headers.getSetCookie()[0]!;
    expect(plain).toMatch(/^authjs\.session-token=/);
    expect(plain).toContain("HttpOnly");
    expect(plain).toContain("SameSite=Lax");
    expect(plain).not.toContain("Secure");
    const tls = (await signup({ "x-forwarded-proto": "https" })).headers.getSetCookie()[0]!;
    expect(tls).toMatch(/^__Secure-authjs\.session-token=/);
    expect(tls).toContain("Secure");
  });

  it("keep passwords as Argon2id hashes", async () => {
    const user = await createUser();
    const { passwordHash } = await db.user.findUniqueOrThrow({ where: { email: user.email } });
    expect(passwordHash).toMatch(/^\$argon2id\$v=19\$m=\d+,t=\d+,p=\d+\$/);
  });

  it("list the account's tokens, when last used, and revoke one at once; nobody else's", async () => {
    const [user, stranger] = await Promise.all([createUser(), createUser()]);
    const list = async (who: TestUser) =>
      ((await (await api(who, "/api/v1/auth/tokens")).json()) as { tokens: { id: string; label: string | null; lastUsedAt: string | null }[] }).tokens;
    const [token] = await list(user);
    expect(token).toEqual({ id: expect.any(String), label: "tests", createdAt: expect.any(String), lastUsedAt: expect.any(String), expiresAt: null });
    expect(JSON.stringify(await list(user))).not.toContain(user.token);

    await expectError(await api(stranger, `/api/v1/auth/tokens/${token!.id}`, { method: "DELETE" }), 404, "not_found");
    await expectError(await api(stranger, "/api/v1/auth/tokens/not-a-uuid", { method: "DELETE" }), 404, "not_found");
    expect((await api(user, "/api/v1/photos")).status).toBe(200);

    expect((await api(user, `/api/v1/auth/tokens/${token!.id}`, { method: "DELETE" })).status).toBe(204);
    await expectError(await api(user, "/api/v1/photos"), 401, "unauthorized");
    await expectError(await api(user, `/api/v1/auth/tokens/${token!.id}`, { method: "DELETE" }), 401);
  });
});
