/** The photo as `/api/v1/photos` returns it (SPEC.md). */
export interface Photo {
  id: string;
  filename: string;
  contentType: string;
  size: number;
  sha256: string;
  takenAt: string;
  /** "+02:00" when the camera recorded its offset; null when takenAt is the camera's wall clock stored as UTC. */
  takenAtOffset?: string | null;
  uploadedAt: string;
  width: number | null;
  height: number | null;
  status: "processing" | "ready" | "failed";
  error: string | null;
  thumbhash: string | null;
  thumbnails: { small: string; medium: string; large: string } | null;
}

export interface Bucket {
  /** "2024-05": the UTC month of takenAt. */
  month: string;
  count: number;
}

export interface PhotoPage {
  photos: Photo[];
  nextCursor: string | null;
}

export const NETWORK_MESSAGE = "Could not reach the server. Check your connection and try again.";

export class RequestError extends Error {
  constructor(
    message: string,
    readonly status: number,
    readonly code?: string,
  ) {
    super(message);
    this.name = "RequestError";
  }
}

/** A signed-out session: back to the sign-in page, coming back here afterwards. */
export function redirectToLogin(): void {
  const here = `${window.location.pathname}${window.location.search}`;
  // A full load on purpose: the session is gone, so nothing of this page's state should survive.
  // eslint-disable-next-line @next/next/no-location-assign-relative-destination
  window.location.assign(`/login?callbackUrl=${encodeURIComponent(here)}`);
}

/** Reads the API's `{ error: { code, message } }` shape; falls back to a generic message. */
export function errorFromBody(status: number, body: unknown): RequestError {
  const error = (body as { error?: { code?: unknown; message?: unknown } } | null)?.error;
  const message =
    typeof error?.message === "string" && error.message ? error.message : `Something went wrong (HTTP ${status}).`;
  return new RequestError(message, status, typeof error?.code === "string" ? error.code : undefined);
}

/**
 * A same-origin JSON request to /api/v1. A 401 sends the browser to the sign-in page (and the
 * promise never settles, so callers don't flash an error first); other failures throw RequestError.
 */
export async function apiRequest<T>(url: string, init: RequestInit = {}): Promise<T> {
  let response: Response;
  try {
    response = await fetch(url, {
      ...init,
      credentials: "same-origin",
      headers: { accept: "application/json", ...init.headers },
    });
  } catch (error) {
    if ((error as Error).name === "AbortError") throw error;
    throw new RequestError(NETWORK_MESSAGE, 0);
  }
  if (response.status === 401) {
    redirectToLogin();
    return new Promise<never>(() => {});
  }
  if (response.status === 204) return undefined as T;
  const body: unknown = await response.json().catch(() => null);
  if (!response.ok) throw errorFromBody(response.status, body);
  return body as T;
}

export const fetchBuckets = (signal?: AbortSignal) =>
  apiRequest<{ buckets: Bucket[] }>("/api/v1/photos/buckets", { signal }).then((body) => body.buckets);

export function fetchPhotoPage(
  query: { limit: number; cursor?: string | null; before?: string },
  signal?: AbortSignal,
): Promise<PhotoPage> {
  const params = new URLSearchParams({ limit: String(query.limit) });
  if (query.cursor) params.set("cursor", query.cursor);
  else if (query.before) params.set("before", query.before);
  return apiRequest<PhotoPage>(`/api/v1/photos?${params}`, { signal });
}

export const fetchPhoto = (id: string, signal?: AbortSignal) =>
  apiRequest<{ photo: Photo }>(`/api/v1/photos/${encodeURIComponent(id)}`, { signal }).then((body) => body.photo);

export const deletePhoto = (id: string) =>
  apiRequest<void>(`/api/v1/photos/${encodeURIComponent(id)}`, { method: "DELETE" });

/** A signed URL of the original on the store's origin; `download` asks for Content-Disposition: attachment. */
export const fetchOriginalUrl = (id: string, { download = false } = {}) =>
  apiRequest<{ url: string; expiresAt: string }>(
    `/api/v1/photos/${encodeURIComponent(id)}/original${download ? "?download=1" : ""}`,
  ).then((body) => body.url);
