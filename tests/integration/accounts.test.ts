import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import { api, baseUrl, createUser, expectError } from "@/tests/support/api";

const postJson = (route: string, body: unknown, headers: Record<string, string> = {}) =>
  fetch(`${baseUrl()}${route}`, { method: "POST", headers: { "content-type": "application/json", ...headers }, body: JSON.stringify(body) });

describe("accounts", () => {
  it("signs up with a session cookie that authenticates API calls", async () => {
    const email = `Someone-${randomUUID()}@Example.com`;
    const response = await postJson("/api/v1/auth/signup", { email, password: "long enough", name: "Someone" });
    expect(response.status).toBe(201);
    const { user } = (await response.json()) as { user: { id: string; email: string; name: string } };
    expect(user).toEqual({ id: expect.any(String), email: email.toLowerCase(), name: "Someone" });
    const cookie = response.headers.getSetCookie()[0]!;
    expect(cookie).toMatch(/^authjs\.session-token=.+HttpOnly/);

    const list = await fetch(`${baseUrl()}/api/v1/photos`, { headers: { cookie: cookie.split(";")[0]! } });
    expect(list.status).toBe(200);
    expect(await list.json()).toEqual({ photos: [], nextCursor: null });
  });

  it("refuses a second account with the same email, and bad input", async () => {
    const email = `dup-${randomUUID()}@example.com`;
    expect((await postJson("/api/v1/auth/signup", { email, password: "long enough" })).status).toBe(201);
    await expectError(await postJson("/api/v1/auth/signup", { email: email.toUpperCase(), password: "long enough" }), 409, "conflict");
    await expectError(await postJson("/api/v1/auth/signup", { email: "not-an-email", password: "long enough" }), 400);
    await expectError(await postJson("/api/v1/auth/signup", { email: `x-${randomUUID()}@example.com`, password: "short" }), 400);
    await expectError(
      await fetch(`${baseUrl()}/api/v1/auth/signup`, { method: "POST", headers: { "content-type": "application/json" }, body: "{" }),
      400,
    );
  });

  it("issues API tokens for the right password only; tokens are stored hashed", async () => {
    const user = await createUser();
    expect(user.token).toMatch(/^pb_[\w-]{40,}$/);
    await expectError(await postJson("/api/v1/auth/tokens", { email: user.email, password: "wrong password" }), 401, "unauthorized");
    await expectError(await postJson("/api/v1/auth/tokens", { email: `nobody-${randomUUID()}@example.com`, password: "x" }), 401);

    const { db } = await import("@/lib/db");
    const stored = await db.apiToken.findMany({ where: { user: { email: user.email } } });
    expect(stored).toHaveLength(1);
    expect(stored[0]!.tokenHash).toMatch(/^[0-9a-f]{64}$/);
    expect(stored[0]!.tokenHash).not.toContain(user.token);
  });

  it("answers 401 without credentials or with a bad token", async () => {
    await expectError(await api(null, "/api/v1/photos"), 401, "unauthorized");
    await expectError(await api({ token: "pb_not-a-real-token" }, "/api/v1/photos"), 401, "unauthorized");
  });

  it("answers 401 to uploads with a revoked token while their bodies are still arriving, rather than breaking the pipe", async () => {
    // Refused before its body is read: Node would close the connection while the client still
    // sends, and Node's fetch (unlike a browser) reports the failed write, not the answer.
    const photo = new Uint8Array(3_000_000);
    const outcomes = await Promise.all(
      Array.from({ length: 40 }, () => {
        const form = new FormData();
        form.append("file", new Blob([photo]), "photo.jpg");
        return api({ token: "pb_revoked" }, "/api/v1/photos", { method: "POST", body: form }).then(
          (response) => response.status,
          (error: Error) => String((error.cause as { code?: string } | undefined)?.code ?? error),
        );
      }),
    );
    expect(outcomes).toEqual(Array(40).fill(401));
  });

  it("limits repeated failed sign-ins with 429", async () => {
    const user = await createUser();
    const statuses: number[] = [];
    for (let attempt = 0; attempt < 11; attempt++) {
      statuses.push((await postJson("/api/v1/auth/tokens", { email: user.email, password: "wrong password" })).status);
    }
    expect(statuses.slice(0, 10).every((status) => status === 401)).toBe(true);
    const limited = await postJson("/api/v1/auth/tokens", { email: user.email, password: user.password });
    await expectError(limited, 429, "rate_limited");
    expect(Number(limited.headers.get("retry-after"))).toBeGreaterThan(0);
  });

  it("signs in through next-auth's credentials endpoint", async () => {
    const user = await createUser();
    const csrf = await fetch(`${baseUrl()}/api/auth/csrf`);
    const { csrfToken } = (await csrf.json()) as { csrfToken: string };
    const csrfCookie = csrf.headers.getSetCookie().map((cookie) => cookie.split(";")[0]).join("; ");
    const signIn = await fetch(`${baseUrl()}/api/auth/callback/credentials`, {
      method: "POST",
      redirect: "manual",
      headers: { "content-type": "application/x-www-form-urlencoded", cookie: csrfCookie },
      body: new URLSearchParams({ email: user.email, password: user.password, csrfToken }),
    });
    const session = signIn.headers.getSetCookie().find((cookie) => cookie.startsWith("authjs.session-token="));
    expect(session).toBeDefined();
    const list = await fetch(`${baseUrl()}/api/v1/photos`, { headers: { cookie: session!.split(";")[0]! } });
    expect(list.status).toBe(200);
  });
});
