import { ApiRequestError, apiRequest } from "@/components/api-client";
import { findExisting, RESUMABLE_FROM_BYTES, uploadForm } from "@/components/backup/backup-api";
import * as backupDb from "@/components/backup/backup-db";
import { newEntries, type AttemptOutcome } from "@/components/backup/backup-entry";
import { BackupQueue, type BackupTransport } from "@/components/backup/backup-queue";
import { streamSha256 } from "@/components/backup/sha256-stream";
import { acceptedOutcome, refusedOutcome } from "@/components/backup/upload-outcome";
import { signedInUser } from "@/components/pwa/signed-in-user";
import type { UploadResult } from "@/lib/contract/photos";

const waitingForNetwork = (): AttemptOutcome => ({ kind: "unavailable", message: "Waiting for the network." });
const ownerSignedOut = (): AttemptOutcome => ({ kind: "unavailable", message: "Waiting for its owner to sign in." });
const waitingForApp = (): AttemptOutcome => ({ kind: "unavailable", message: "Waiting for the app to open." });

/**
 * The queue's transport inside the service worker: fetch (no upload progress there) and hashing in
 * place. A 401 here is an answer like any other (there is no page to send to sign in), and the
 * signed-in user is asked again before each file. Big files (videos, mostly) wait for a page, which
 * sends them resumably: a sync event may be stopped after minutes, and one whole POST would then
 * start over each time.
 */
export const serviceWorkerTransport: BackupTransport = {
  hash: streamSha256,
  findExisting,
  async send(entry, _events, signal) {
    // The person may have signed out, or another signed in, since the run began: each file is theirs to send, or waits.
    if ((await signedInUser()) !== entry.owner) return ownerSignedOut();
    if (entry.size >= RESUMABLE_FROM_BYTES) return waitingForApp();
    try {
      return acceptedOutcome(await apiRequest<UploadResult>("/api/v1/photos", { method: "POST", form: uploadForm(entry, entry.file), signal }));
    } catch (error) {
      return error instanceof ApiRequestError && error.status > 0 ? refusedOutcome(error) : waitingForNetwork();
    }
  },
  unavailable: waitingForNetwork,
};

/**
 * Background Sync: the network is back and no page of the app is open. Uploads what waits for
 * the signed-in user; rejects while files are left, so the browser tries the sync again later.
 */
export async function backUpFromServiceWorker(): Promise<void> {
  const owner = await signedInUser();
  if (!owner) return;
  const left = await new BackupQueue(owner, backupDb, serviceWorkerTransport).drain();
  if (left.pending > 0) throw new Error(`${left.pending} files still wait for the network`);
}

/**
 * The share target: photos shared from another app are put in the queue (before anything else),
 * and the app opens on the library, where the queue uploads them.
 */
export async function acceptSharedPhotos(request: Request): Promise<Response> {
  const form = await request.formData().catch(() => null);
  const files = (form?.getAll("photos") ?? []).filter((value): value is File => value instanceof File && value.size > 0);
  await backupDb.saveEntries(newEntries(files, { owner: await signedInUser(), source: "share", now: Date.now() }));
  return Response.redirect(`/?shared=${files.length}`, 303);
}
