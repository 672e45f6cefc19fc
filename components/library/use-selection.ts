import { useCallback, useEffect, useMemo, useRef, useState } from "react";
import type { LibrarySnapshot, LibraryStore } from "@/components/library/library-store";
import type { TileActions } from "@/components/library/photo-tile";
import type { Photo } from "@/lib/contract/photos";

/** Ids of the loaded photos from one to the other, both included, in library order (Shift-click). */
function idsBetween({ buckets, months }: LibrarySnapshot, fromId: string, toId: string): string[] {
  const ids: string[] = [];
  for (const bucket of buckets ?? []) {
    for (const photo of months.get(bucket.month)?.photos ?? []) ids.push(photo.id);
  }
  const from = ids.indexOf(fromId);
  const to = ids.indexOf(toId);
  if (from < 0 || to < 0) return [toId];
  return ids.slice(Math.min(from, to), Math.max(from, to) + 1);
}

/**
 * Multi-select, and what a tile does: a click opens the photo, or toggles it while selecting or
 * with Shift (which selects the range from the last one toggled); a long press starts selecting.
 * Escape clears the selection while the viewer is closed.
 */
export function useSelection(store: LibraryStore, { openPhoto, viewerOpen }: { openPhoto: (id: string) => void; viewerOpen: boolean }) {
  const [selected, setSelected] = useState<ReadonlySet<string>>(() => new Set());
  const selecting = selected.size > 0;
  const selectionAnchor = useRef<string | null>(null);
  const selectingRef = useRef(selecting);
  useEffect(() => {
    selectingRef.current = selecting;
  }, [selecting]);

  const toggle = useCallback((photo: Photo, extend: boolean) => {
    const anchor = selectionAnchor.current;
    setSelected((current) => {
      const next = new Set(current);
      if (extend && anchor) {
        for (const id of idsBetween(store.getSnapshot(), anchor, photo.id)) next.add(id);
      } else if (next.has(photo.id)) {
        next.delete(photo.id);
      } else {
        next.add(photo.id);
      }
      return next;
    });
    selectionAnchor.current = photo.id;
  }, [store]);

  const actions: TileActions = useMemo(
    () => ({
      activate: (photo, event) => {
        if (event.button !== 0 || event.metaKey || event.ctrlKey || event.altKey) return; // new tab and the like
        event.preventDefault();
        if (selectingRef.current || event.shiftKey) toggle(photo, event.shiftKey);
        else openPhoto(photo.id);
      },
      toggle: (photo, event) => {
        event.preventDefault();
        toggle(photo, event.shiftKey);
      },
      longPress: (photo) => {
        selectionAnchor.current = photo.id;
        setSelected((current) => new Set(current).add(photo.id));
      },
    }),
    [openPhoto, toggle],
  );

  const clearSelection = useCallback(() => {
    setSelected(new Set());
    selectionAnchor.current = null;
  }, []);

  useEffect(() => {
    if (!selecting || viewerOpen) return;
    const onKey = (event: KeyboardEvent) => {
      if (event.key === "Escape" && !document.querySelector("dialog[open]")) clearSelection();
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, [selecting, viewerOpen, clearSelection]);

  return { selected, selecting, actions, clearSelection, setSelected };
}
