import { apiRequest } from "@/components/api-client";
import type { EmptyTrashResult, RestoreResult, TrashPage } from "@/lib/contract/trash";

export function fetchTrashPage(cursor: string | null, limit = 120): Promise<TrashPage> {
  const params = new URLSearchParams({ limit: String(limit) });
  if (cursor) params.set("cursor", cursor);
  return apiRequest<TrashPage>(`/api/v1/trash?${params}`);
}

export const restorePhotos = (ids: string[]) => apiRequest<RestoreResult>("/api/v1/trash/restore", { method: "POST", json: { ids } });

export const deleteForGood = (ids: string[]) => apiRequest<EmptyTrashResult>("/api/v1/trash/empty", { method: "POST", json: { ids } });
