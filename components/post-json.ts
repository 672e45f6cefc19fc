export type PostJsonResult<T> =
  | { ok: true; status: number; data: T }
  | { ok: false; status: number; code: string | undefined; message: string };

export const NETWORK_ERROR_MESSAGE = "Could not reach the server. Check your connection and try again.";

/** POSTs JSON to an /api/v1 route and unpacks its `{ error: { code, message } }` failure shape. */
export async function postJson<T>(url: string, body: unknown): Promise<PostJsonResult<T>> {
  let response: Response;
  try {
    response = await fetch(url, {
      method: "POST",
      headers: { "content-type": "application/json", accept: "application/json" },
      body: JSON.stringify(body),
      credentials: "same-origin",
    });
  } catch {
    return { ok: false, status: 0, code: undefined, message: NETWORK_ERROR_MESSAGE };
  }
  const payload: unknown = await response.json().catch(() => null);
  if (response.ok) return { ok: true, status: response.status, data: payload as T };
  const error = (payload as { error?: { code?: unknown; message?: unknown } } | null)?.error;
  return {
    ok: false,
    status: response.status,
    code: typeof error?.code === "string" ? error.code : undefined,
    message:
      typeof error?.message === "string" && error.message
        ? error.message
        : `Something went wrong (HTTP ${response.status}). Try again.`,
  };
}
