import { randomUUID } from "node:crypto";
import { readFile } from "node:fs/promises";
import path from "node:path";
import { expect } from "vitest";
import type { Photo } from "@/lib/contract/photos";
import { fixturePath } from "@/tests/support/fixtures";

export { fixturePath };

export const baseUrl = () => process.env.BASE_URL!;

export interface TestUser {
  email: string;
  password: string;
  token: string;
  cookie: string;
}

export async function createUser(): Promise<TestUser> {
  const email = `user-${randomUUID()}@example.com`;
  const password = "correct horse battery";
  const signup = await fetch(`${baseUrl()}/api/v1/auth/signup`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ email, password, name: "Test" }),
  });
  expect(signup.status).toBe(201);
  const cookie = signup.headers.getSetCookie()[0]!.split(";")[0]!;
  const tokens = await fetch(`${baseUrl()}/api/v1/auth/tokens`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ email, password, label: "tests" }),
  });
  expect(tokens.status).toBe(201);
  const { token } = (await tokens.json()) as { token: string };
  return { email, password, token, cookie };
}

export function api(user: Pick<TestUser, "token"> | null, route: string, init: RequestInit = {}) {
  const headers = new Headers(init.headers);
  if (user) headers.set("authorization", `Bearer ${user.token}`);
  return fetch(`${baseUrl()}${route}`, { redirect: "manual", ...init, headers });
}

export async function upload(
  user: Pick<TestUser, "token">,
  bytes: Buffer,
  { filename = "photo.jpg", fields = {} as Record<string, string> } = {},
) {
  const form = new FormData();
  for (const [name, value] of Object.entries(fields)) form.append(name, value);
  form.append("file", new Blob([new Uint8Array(bytes)]), filename);
  return api(user, "/api/v1/photos", { method: "POST", body: form });
}

/** Uploads tests/fixtures/photos/<name>, or the file at an absolute path. */
export async function uploadFixture(user: Pick<TestUser, "token">, name: string, fields?: Record<string, string>) {
  const response = await upload(user, await readFile(fixturePath(name)), { filename: path.basename(name), fields });
  return { response, body: (await response.json()) as { photo: Photo; duplicate?: true; error?: { code: string } } };
}

/** Polls a photo until the worker has settled it (ready or failed). */
export async function waitForSettled(
  user: Pick<TestUser, "token">,
  photoId: string,
  timeoutMs = 45_000,
  pollMs = 250,
): Promise<Photo> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const response = await api(user, `/api/v1/photos/${photoId}`);
    const { photo } = (await response.json()) as { photo: Photo };
    if (photo.status !== "processing") return photo;
    if (Date.now() > deadline) throw new Error(`Photo ${photoId} still processing after ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, pollMs));
  }
}

export async function expectError(response: Response, status: number, code?: string) {
  expect(response.status).toBe(status);
  const body = (await response.json()) as { error: { code: string; message: string } };
  expect(body.error.message).toEqual(expect.any(String));
  if (code) expect(body.error.code).toBe(code);
  return body.error;
}
