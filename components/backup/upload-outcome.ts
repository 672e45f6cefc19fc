import { errorFromBody, type ApiRequestError } from "@/components/api-client";
import type { AttemptOutcome } from "@/components/backup/backup-entry";
import type { UploadResult } from "@/lib/contract/photos";

/** Over the account's quota: sending the same file again cannot help until the admin raises it or photos are deleted. */
const QUOTA_EXCEEDED = 507;

/** Statuses the same request may pass later: the server is busy, restarting or briefly down. */
const isTransient = (status: number) => status === 408 || status === 429 || (status >= 500 && status !== QUOTA_EXCEEDED);

const OFFLINE_MESSAGE = "Waiting for the network.";
const INTERRUPTED_MESSAGE = "The connection was lost; it will be tried again.";
const UNCONFIRMED_MESSAGE = "The server has not confirmed this photo yet; it will be checked again.";

/** The outcome of an attempt the network cut short: the file is fine, it is tried again later. */
export const unavailable = (): AttemptOutcome => ({
  kind: "unavailable",
  message: typeof navigator !== "undefined" && !navigator.onLine ? OFFLINE_MESSAGE : INTERRUPTED_MESSAGE,
});

/**
 * An upload the server took: a new photo, or one the library already had. A success without the
 * photo (a resumed tus upload whose bytes were all stored but not yet made a photo) is not a
 * backup: the next try asks the library again, and sends the file again if it is not there.
 */
export function acceptedOutcome(result: UploadResult | null): AttemptOutcome {
  const { photo, duplicate } = (result ?? {}) as Partial<UploadResult>;
  if (!photo?.id) return { kind: "unavailable", message: UNCONFIRMED_MESSAGE };
  return { kind: duplicate ? "duplicate" : "uploaded", photoId: photo.id };
}

/** An upload the server answered with an error: tried again later when that may help, else failed with its reason. */
export const refusedOutcome = ({ status, message }: ApiRequestError): AttemptOutcome =>
  isTransient(status) || status === 401 ? { kind: "unavailable", message } : { kind: "rejected", message };

/** What an answer of `POST /api/v1/photos` (or of the tus upload's last request) means for the queue. */
export const outcomeOf = (status: number, body: unknown): AttemptOutcome =>
  status === 200 || status === 201 ? acceptedOutcome(body as UploadResult | null) : refusedOutcome(errorFromBody(status, body));
