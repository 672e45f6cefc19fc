import { useState } from "react";
import { deletePhotos } from "@/components/library/delete-photos";
import type { LibraryStore } from "@/components/library/library-store";
import { fetchOriginalUrl } from "@/components/library/photos-api";
import { peekNeighbour } from "@/components/library/viewer-navigation";
import type { Photo } from "@/lib/contract/photos";

/**
 * The viewer's Download and Delete: which one is running, and the last one's error while its photo
 * is shown. A deleted photo (moved to the trash) gives way to its neighbour, or closes the viewer when it was the last.
 */
export function usePhotoActions(
  store: LibraryStore,
  photoId: string,
  photo: Photo | null,
  { onNavigate, onClose, onTrashed }: { onNavigate: (id: string) => void; onClose: () => void; onTrashed: (ids: string[]) => void },
) {
  const [busy, setBusy] = useState<"download" | "delete" | null>(null);
  const [actionError, setActionError] = useState<{ photoId: string; message: string } | null>(null);

  const download = async () => {
    if (!photo) return;
    setBusy("download");
    setActionError(null);
    try {
      const url = await fetchOriginalUrl(photo.id, { download: true });
      // The store answers with Content-Disposition: attachment, so the page stays where it is.
      const link = document.createElement("a");
      link.href = url;
      link.rel = "noopener";
      document.body.append(link);
      link.click();
      link.remove();
    } catch (error) {
      setActionError({ photoId: photo.id, message: (error as Error).message });
    } finally {
      setBusy(null);
    }
  };

  const remove = async () => {
    if (!photo) return;
    setBusy("delete");
    setActionError(null);
    const next = peekNeighbour(store, photo.id, 1) ?? peekNeighbour(store, photo.id, -1) ?? null;
    const { failed } = await deletePhotos(store, [photo.id]);
    setBusy(null);
    if (failed.length) {
      setActionError({ photoId: photo.id, message: `Could not delete: ${failed[0]!.message}` });
      return;
    }
    onTrashed([photo.id]);
    if (next) onNavigate(next.id);
    else onClose();
  };

  return { busy, error: actionError?.photoId === photoId ? actionError.message : null, download, remove };
}
