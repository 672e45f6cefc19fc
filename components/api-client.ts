/**
 * How browser code talks to /api/v1: same-origin JSON requests, and every failure as one error
 * type read from the API's `{ error: { code, message } }` body. It runs in pages and in the
 * service worker, so nothing here touches `window` until a request needs it.
 */

export const NETWORK_ERROR_MESSAGE = "Could not reach the server. Check your connection and try again.";

/** A request that did not succeed: the HTTP status (0 when the server was not reached), the API's error code and message. */
export class ApiRequestError extends Error {
  constructor(
    message: string,
    readonly status: number,
    readonly code?: string,
  ) {
    super(message);
    this.name = "ApiRequestError";
  }
}

/** A response body as JSON; null when it is empty or not JSON. */
export function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}

/** Reads the API's `{ error: { code, message } }` body; falls back to a generic message. */
export function errorFromBody(status: number, body: unknown): ApiRequestError {
  const error = (body as { error?: { code?: unknown; message?: unknown } } | null)?.error;
  const message =
    typeof error?.message === "string" && error.message ? error.message : `Something went wrong (HTTP ${status}).`;
  return new ApiRequestError(message, status, typeof error?.code === "string" ? error.code : undefined);
}

/** A signed-out session: back to the sign-in page, coming back here afterwards. */
export function redirectToSignIn(): void {
  const here = `${window.location.pathname}${window.location.search}`;
  // A full load on purpose: the session is gone, so nothing of this page's state should survive.
  // eslint-disable-next-line @next/next/no-location-assign-relative-destination
  window.location.assign(`/login?callbackUrl=${encodeURIComponent(here)}`);
}

interface ApiRequestOptions {
  method?: "GET" | "POST" | "PUT" | "PATCH" | "DELETE";
  /** A body sent as JSON. */
  json?: unknown;
  /** A body sent as it is (a multipart upload). */
  form?: FormData;
  signal?: AbortSignal;
  /** The request may outlive the page (a call made as it is being left). */
  keepalive?: boolean;
  /**
   * What a 401 means: the session ended ("sign-in": the page goes to the sign-in page) or an
   * answer for the caller ("throw": wrong credentials on a form). A worker has no page to send, so
   * there it always throws.
   */
  on401?: "sign-in" | "throw";
}

/**
 * A same-origin request to /api/v1; resolves with the JSON body (undefined for 204). A 401 in a
 * page sends it to sign in, and the promise never settles, so callers don't flash an error first.
 * Every other failure throws ApiRequestError; an abort rethrows the AbortError.
 */
export async function apiRequest<T>(path: string, { method, json, form, signal, keepalive, on401 = "sign-in" }: ApiRequestOptions = {}): Promise<T> {
  let response: Response;
  try {
    response = await fetch(path, {
      method,
      headers: json === undefined ? { accept: "application/json" } : { accept: "application/json", "content-type": "application/json" },
      body: json === undefined ? form : JSON.stringify(json),
      credentials: "same-origin",
      signal,
      keepalive,
    });
  } catch (error) {
    if ((error as Error).name === "AbortError") throw error;
    throw new ApiRequestError(NETWORK_ERROR_MESSAGE, 0);
  }
  if (response.status === 401 && on401 === "sign-in" && typeof window !== "undefined") {
    redirectToSignIn();
    return new Promise<never>(() => {});
  }
  if (response.status === 204) return undefined as T;
  const body = parseJson(await response.text().catch(() => ""));
  if (!response.ok) throw errorFromBody(response.status, body);
  return body as T;
}
