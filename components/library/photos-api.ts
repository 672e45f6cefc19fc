import { apiRequest } from "@/components/api-client";
import type { MonthBucket, Photo, PhotoPage, SignedUrl } from "@/lib/contract/photos";

export const fetchBuckets = (signal?: AbortSignal) =>
  apiRequest<{ buckets: MonthBucket[] }>("/api/v1/photos/buckets", { signal }).then((body) => body.buckets);

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
  apiRequest<SignedUrl>(
    `/api/v1/photos/${encodeURIComponent(id)}/original${download ? "?download=1" : ""}`,
  ).then((body) => body.url);
