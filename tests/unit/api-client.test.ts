import { afterEach, describe, expect, it, vi } from "vitest";
import { ApiRequestError, apiRequest, NETWORK_ERROR_MESSAGE } from "@/components/api-client";

/** Answers every fetch with this response (or this failure), and records the requests. */
function answer(response: Response | Error) {
  const fetch = vi.fn(async (_url: string, _init?: RequestInit) => {
    if (response instanceof Error) throw response;
    return response;
  });
  vi.stubGlobal("fetch", fetch);
  return fetch;
}

const failure = (request: Promise<unknown>) =>
  request.then(
    () => expect.unreachable("the request should have failed"),
    (error: unknown) => error as ApiRequestError,
  );

describe("apiRequest", () => {
  afterEach(() => {
    vi.unstubAllGlobals();
  });

  it("resolves with the JSON body, sending JSON same-origin", async () => {
    const fetch = answer(Response.json({ existing: ["ab"] }));
    await expect(apiRequest("/api/v1/photos/check", { method: "POST", json: { sha256: ["ab"] } })).resolves.toEqual({ existing: ["ab"] });
    const [url, init] = fetch.mock.calls[0]!;
    expect(url).toBe("/api/v1/photos/check");
    expect(init).toMatchObject({
      method: "POST",
      body: '{"sha256":["ab"]}',
      credentials: "same-origin",
      headers: { accept: "application/json", "content-type": "application/json" },
    });
  });

  it("resolves with undefined for a 204", async () => {
    answer(new Response(null, { status: 204 }));
    await expect(apiRequest("/api/v1/photos/x", { method: "DELETE" })).resolves.toBeUndefined();
  });

  it("throws the API's error code and message for a 4xx JSON body", async () => {
    answer(Response.json({ error: { code: "conflict", message: "An account with this email already exists." } }, { status: 409 }));
    const error = await failure(apiRequest("/api/v1/auth/signup", { method: "POST", json: {} }));
    expect(error).toBeInstanceOf(ApiRequestError);
    expect(error).toMatchObject({ status: 409, code: "conflict", message: "An account with this email already exists." });
  });

  it("throws a generic message with the status for a body that is not the API's JSON", async () => {
    answer(new Response("<html>Bad gateway</html>", { status: 502, headers: { "content-type": "text/html" } }));
    const error = await failure(apiRequest("/api/v1/photos"));
    expect(error).toMatchObject({ status: 502, code: undefined, message: "Something went wrong (HTTP 502)." });
    answer(Response.json({ error: { message: "" } }, { status: 400 }));
    expect(await failure(apiRequest("/api/v1/photos"))).toMatchObject({ status: 400, message: "Something went wrong (HTTP 400)." });
  });

  it("throws status 0 and the network message when the server cannot be reached", async () => {
    answer(new TypeError("Failed to fetch"));
    const error = await failure(apiRequest("/api/v1/photos"));
    expect(error).toMatchObject({ status: 0, message: NETWORK_ERROR_MESSAGE });
  });

  it("rethrows an abort as it is", async () => {
    answer(new DOMException("The operation was aborted.", "AbortError"));
    expect(await failure(apiRequest("/api/v1/photos"))).toMatchObject({ name: "AbortError" });
  });

  it("throws a 401 where there is no page to send to sign in (a service worker)", async () => {
    answer(Response.json({ error: { code: "unauthorized", message: "Sign in first." } }, { status: 401 }));
    expect(await failure(apiRequest("/api/v1/photos/check"))).toMatchObject({ status: 401, code: "unauthorized" });
  });

  it("sends a page to sign in on a 401, and never settles", async () => {
    const assign = vi.fn();
    vi.stubGlobal("window", { location: { pathname: "/settings", search: "?tab=1", assign } });
    answer(new Response(null, { status: 401 }));
    const settled = vi.fn();
    void apiRequest("/api/v1/push").then(settled, settled);
    await vi.waitFor(() => expect(assign).toHaveBeenCalledWith("/login?callbackUrl=%2Fsettings%3Ftab%3D1"));
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect(settled).not.toHaveBeenCalled();
  });

  it("leaves a 401 to the caller when asked (wrong credentials on a form)", async () => {
    const assign = vi.fn();
    vi.stubGlobal("window", { location: { pathname: "/settings", search: "", assign } });
    answer(Response.json({ error: { code: "unauthorized", message: "Wrong email or password." } }, { status: 401 }));
    expect(await failure(apiRequest("/api/v1/auth/tokens", { method: "POST", json: {}, on401: "throw" }))).toMatchObject({ status: 401 });
    expect(assign).not.toHaveBeenCalled();
  });
});
