import { env } from "@/lib/env";
import { findPhoto } from "@/lib/photos/find-photo";
import { objectKeys, signedGetUrl } from "@/lib/storage";

/** A short-lived URL of the original bytes; the browser fetches them from the store directly. */
export async function originalUrl(userId: string, photoId: string, { download = false } = {}) {
  const photo = await findPhoto(userId, photoId);
  const disposition = `${download ? "attachment" : "inline"}; filename*=UTF-8''${encodeURIComponent(photo.filename)}`;
  const url = await signedGetUrl(objectKeys.original(userId, photoId), {
    expiresInSeconds: env.SIGNED_URL_TTL_SECONDS,
    contentType: photo.contentType,
    contentDisposition: disposition,
  });
  return { url, expiresAt: new Date(Date.now() + env.SIGNED_URL_TTL_SECONDS * 1000).toISOString() };
}
