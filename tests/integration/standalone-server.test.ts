/**
 * The web image holds only `.next/standalone` (Dockerfile, stage `web`). Run from inside the
 * project, the server would find any module the build failed to trace in the project's own
 * node_modules; here it runs from a copy elsewhere, as in the image, and must still do everything.
 */
import { cp, mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { STANDALONE_SERVER } from "@/scripts/web-build";
import { fixturePath } from "@/tests/support/api";
import { startWebServer, type AppProcess } from "@/tests/support/processes";
import { freePort } from "@/tests/support/test-run";

let directory: string;
let server: AppProcess;
let origin: string;

beforeAll(async () => {
  directory = await mkdtemp(path.join(tmpdir(), "photo-backup-web-image-"));
  await cp(path.dirname(STANDALONE_SERVER), directory, { recursive: true });
  const port = await freePort();
  origin = `http://127.0.0.1:${port}`;
  server = await startWebServer({ LOG_LEVEL: "warn" }, port, path.join(directory, "server.js"));
});

afterAll(async () => {
  await server?.stop();
  if (directory) await rm(directory, { recursive: true, force: true });
});

describe("the standalone server, away from the project's node_modules", () => {
  it("is healthy: database, Redis and store all reached", async () => {
    const response = await fetch(`${origin}/api/health`);
    expect(await response.json()).toMatchObject({ status: "ok" });
  });

  it("serves pages, their scripts and styles, the service worker, the manifest and public files", async () => {
    const login = await fetch(`${origin}/login`);
    expect(login.status).toBe(200);
    const html = await login.text();
    const assets = [...html.matchAll(/(?:src|href)="(\/_next\/static\/[^"]+)"/g)].map((match) => match[1]!);
    expect(assets.length).toBeGreaterThan(0);
    for (const asset of new Set(assets)) expect((await fetch(`${origin}${asset}`)).status, asset).toBe(200);
    for (const route of ["/serwist/sw.js", "/manifest.webmanifest", "/icons/icon-192.png", "/favicon.svg", "/~offline"]) {
      expect((await fetch(`${origin}${route}`)).status, route).toBe(200);
    }
  });

  it("signs up, takes an upload, lists it and redirects to its original in the store", async () => {
    const email = `standalone-${Date.now()}@example.com`;
    const signup = await fetch(`${origin}/api/v1/auth/signup`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ email, password: "correct horse battery", name: "Image" }),
    });
    expect(signup.status).toBe(201);
    const tokens = await fetch(`${origin}/api/v1/auth/tokens`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ email, password: "correct horse battery", label: "image" }),
    });
    const { token } = (await tokens.json()) as { token: string };
    const authorization = `Bearer ${token}`;

    const form = new FormData();
    form.append("file", new Blob([new Uint8Array(await readFile(fixturePath("camera/Pentax_K10D.jpg")))]), "Pentax_K10D.jpg");
    const upload = await fetch(`${origin}/api/v1/photos`, { method: "POST", headers: { authorization }, body: form });
    expect(upload.status).toBe(201);
    const { photo } = (await upload.json()) as { photo: { id: string } };

    const list = await fetch(`${origin}/api/v1/photos`, { headers: { authorization } });
    const { photos } = (await list.json()) as { photos: { id: string }[] };
    expect(photos.map((listed) => listed.id)).toEqual([photo.id]);
    const original = await fetch(`${origin}/api/v1/photos/${photo.id}/original`, { headers: { authorization }, redirect: "manual" });
    expect(original.status).toBe(302);
    expect((await fetch(original.headers.get("location")!)).status).toBe(200);
  });
});
