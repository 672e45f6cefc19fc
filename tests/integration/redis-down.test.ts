import { readFile } from "node:fs/promises";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createUser, fixturePath, type TestUser } from "@/tests/support/api";
import { startWebServer, type AppProcess } from "@/tests/support/processes";
import { freePort } from "@/tests/support/test-run";

/** A second web server on this run's database and store, whose Redis is down. */
let server: AppProcess;
let baseUrl: string;
let user: TestUser;

beforeAll(async () => {
  user = await createUser();
  const port = await freePort();
  baseUrl = `http://127.0.0.1:${port}`;
  server = await startWebServer({ REDIS_URL: "redis://127.0.0.1:1", LOG_LEVEL: "silent" }, port);
});

afterAll(() => server?.stop());

const call = (route: string, init: RequestInit = {}) =>
  fetch(`${baseUrl}${route}`, { ...init, headers: { authorization: `Bearer ${user.token}`, ...init.headers } });

describe("with Redis down", () => {
  it("the health check names Redis", async () => {
    const response = await fetch(`${baseUrl}/api/health`);
    expect(response.status).toBe(503);
    expect(await response.json()).toMatchObject({ status: "degraded", checks: { database: "ok", redis: "down", storage: "ok" }, failing: ["redis"] });
    // The process itself is alive: nothing should restart it.
    const live = await fetch(`${baseUrl}/api/health/live`);
    expect(live.status).toBe(200);
    expect(await live.json()).toEqual({ status: "alive" });
  });

  it("the grid still reads from Postgres, and uploads are still accepted", async () => {
    const form = new FormData();
    form.append("file", new Blob([new Uint8Array(await readFile(fixturePath("camera/Pentax_K10D.jpg")))]), "Pentax_K10D.jpg");
    const upload = await call("/api/v1/photos", { method: "POST", body: form });
    expect(upload.status).toBe(201);
    const { photo } = (await upload.json()) as { photo: { id: string } };

    const list = await call("/api/v1/photos");
    expect(list.status).toBe(200);
    expect(list.headers.get("x-cache")).toBe("bypass");
    expect(((await list.json()) as { photos: { id: string }[] }).photos.map((p) => p.id)).toContain(photo.id);
    const buckets = await call("/api/v1/photos/buckets");
    expect(buckets.status).toBe(200);
  });

  it("a resumable upload, whose locks live in Redis, is answered 503 to try again later: never written unlocked", async () => {
    const created = await call("/api/v1/uploads", {
      method: "POST",
      headers: { "tus-resumable": "1.0.0", "upload-length": "1000", "upload-metadata": `filename ${Buffer.from("p.jpg").toString("base64")}` },
    });
    expect(created.status).toBe(503);
    expect(await created.json()).toMatchObject({ error: { code: "service_unavailable", message: expect.stringContaining("Redis") } });
  });
});
