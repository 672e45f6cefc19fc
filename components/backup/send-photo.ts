import { Upload, type DetailedError } from "tus-js-client";
import { parseJson, redirectToSignIn } from "@/components/api-client";
import { RESUMABLE_FROM_BYTES, uploadForm } from "@/components/backup/backup-api";
import type { AttemptOutcome, BackupEntry } from "@/components/backup/backup-entry";
import type { SendEvents } from "@/components/backup/backup-queue";
import { outcomeOf, unavailable } from "@/components/backup/upload-outcome";

// The page's queue checks for files the library has through here, so the check loads with the sender.
export { findExisting } from "@/components/backup/backup-api";

/** The server stores 5 MiB parts: a request per part keeps each one short on a flaky network. */
const RESUMABLE_CHUNK_BYTES = 5 * 1024 * 1024;

/**
 * Sends one file with its hash (the server checks it), reporting the bytes sent: big files through
 * the resumable tus endpoint, others in one `POST /api/v1/photos` (XMLHttpRequest, because fetch
 * has no upload progress).
 */
export function sendPhoto(entry: BackupEntry & { file: Blob }, events: SendEvents, signal: AbortSignal): Promise<AttemptOutcome> {
  return entry.size >= RESUMABLE_FROM_BYTES ? sendResumable(entry, events, signal) : sendWhole(entry, events, signal);
}

function sendWhole(entry: BackupEntry & { file: Blob }, { onProgress }: SendEvents, signal: AbortSignal): Promise<AttemptOutcome> {
  return new Promise((resolve) => {
    const request = new XMLHttpRequest();
    signal.addEventListener("abort", () => request.abort(), { once: true });
    request.upload.addEventListener("progress", (event) => {
      if (event.lengthComputable && event.total > 0) onProgress(event.loaded / event.total);
    });
    request.addEventListener("load", () => {
      if (request.status === 401) {
        redirectToSignIn();
        return;
      }
      resolve(outcomeOf(request.status, parseJson(request.responseText)));
    });
    request.addEventListener("error", () => resolve(unavailable()));
    request.addEventListener("abort", () => resolve(unavailable()));
    request.addEventListener("timeout", () => resolve(unavailable()));
    request.open("POST", "/api/v1/photos");
    request.setRequestHeader("accept", "application/json");
    request.send(uploadForm(entry, entry.file));
  });
}

/**
 * tus: the upload's address is kept on the entry, so the next try (after a dropped network, a
 * closed tab) asks the server how much it has and sends only the rest. The queue does the retrying.
 */
function sendResumable(entry: BackupEntry & { file: Blob }, { onProgress, onResumeUrl }: SendEvents, signal: AbortSignal): Promise<AttemptOutcome> {
  return new Promise((resolve) => {
    const metadata: Record<string, string> = { filename: entry.name };
    if (entry.lastModified) metadata.lastModified = String(Math.trunc(entry.lastModified));
    if (entry.sha256) metadata.sha256 = entry.sha256;
    const upload = new Upload(entry.file, {
      endpoint: "/api/v1/uploads",
      uploadUrl: entry.resumeUrl,
      metadata,
      chunkSize: RESUMABLE_CHUNK_BYTES,
      retryDelays: null,
      storeFingerprintForResuming: false,
      onUploadUrlAvailable: () => {
        if (upload.url && upload.url !== entry.resumeUrl) onResumeUrl(upload.url);
      },
      onProgress: (sent, total) => onProgress(total ? sent / total : 0),
      onSuccess: ({ lastResponse }) => resolve(outcomeOf(lastResponse.getStatus(), parseJson(lastResponse.getBody()))),
      onError: (error) => {
        const response = (error as DetailedError).originalResponse;
        if (!response) return resolve(unavailable());
        if (response.getStatus() === 401) return redirectToSignIn();
        resolve(outcomeOf(response.getStatus(), parseJson(response.getBody())));
      },
    });
    signal.addEventListener("abort", () => void upload.abort().then(() => resolve(unavailable())), { once: true });
    upload.start();
  });
}
