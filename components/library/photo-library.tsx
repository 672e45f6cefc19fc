"use client";

import dynamic from "next/dynamic";
import { useSearchParams } from "next/navigation";
import { useCallback, useEffect, useMemo, useRef, useState, useSyncExternalStore } from "react";
import { EmptyLibrary } from "@/components/library/empty-library";
import { useLibrary } from "@/components/library/library-provider";
import { PhotoGrid, type PhotoGridHandle } from "@/components/library/photo-grid";
import type { TileActions } from "@/components/library/photo-tile";
import { secondaryButtonClass, Spinner } from "@/components/form-controls";
import { WarningIcon } from "@/components/ui/icons";
import { usePageLoaded } from "@/components/use-page-loaded";
import type { Photo } from "@/lib/contract/photos";

/**
 * The viewer and the selection bar are not part of the first screen: their code loads once the
 * page has (on a slow network the visible thumbnails come first), or when one is first opened.
 */
const loadViewer = () => import("@/components/library/photo-viewer");
const loadSelectionBar = () => import("@/components/library/selection-bar");
const PhotoViewer = dynamic(() => loadViewer().then((module) => module.PhotoViewer), {
  loading: () => (
    <div className="fixed inset-0 z-50 flex items-center justify-center bg-neutral-950 text-white" aria-busy="true">
      <Spinner />
    </div>
  ),
});
const SelectionBar = dynamic(() => loadSelectionBar().then((module) => module.SelectionBar));

/** History entries the viewer pushed: closing it goes back instead of adding another entry. */
const VIEWER_STATE = "photoViewer";

function viewerUrl(id: string | null): string {
  const url = new URL(window.location.href);
  if (id) url.searchParams.set("photo", id);
  else url.searchParams.delete("photo");
  return `${url.pathname}${url.search}${url.hash}`;
}

/** The signed-in home: the grid (or the first-run state), the viewer and multi-select. */
export function PhotoLibrary() {
  const { store, initialViewport } = useLibrary();
  const snapshot = useSyncExternalStore(store.subscribe, store.getSnapshot, store.getSnapshot);
  const photoId = useSearchParams().get("photo");
  const gridRef = useRef<PhotoGridHandle>(null);
  const [selected, setSelected] = useState<ReadonlySet<string>>(() => new Set());
  const selecting = selected.size > 0;
  const pageLoaded = usePageLoaded();

  useEffect(() => {
    if (!pageLoaded) return;
    void loadViewer();
    void loadSelectionBar();
  }, [pageLoaded]);

  useEffect(() => {
    // The server rendered the first screen from the library as it just read it.
    if (!store.startedCurrent()) void store.loadBuckets();
    const retry = () => store.retryFailed();
    window.addEventListener("online", retry);
    return () => window.removeEventListener("online", retry);
  }, [store]);

  // --- The viewer lives in the address (?photo=<id>), so reload and Back work ----------------
  const openPhoto = useCallback((id: string) => {
    window.history.pushState({ [VIEWER_STATE]: true }, "", viewerUrl(id));
  }, []);
  const showPhoto = useCallback((id: string) => {
    // Only our own key: Next.js adds its router state, and skips its URL sync for states that already carry it.
    window.history.replaceState({ [VIEWER_STATE]: Boolean(window.history.state?.[VIEWER_STATE]) }, "", viewerUrl(id));
  }, []);
  const closeViewer = useCallback(() => {
    if (window.history.state?.[VIEWER_STATE]) window.history.back();
    else window.history.replaceState(null, "", viewerUrl(null));
  }, []);

  // Focus goes back to the tile of the last photo shown.
  const lastShown = useRef<string | null>(null);
  useEffect(() => {
    if (photoId) {
      lastShown.current = photoId;
      return;
    }
    const id = lastShown.current;
    lastShown.current = null;
    if (id) gridRef.current?.focusPhoto(id);
  }, [photoId]);

  // --- Selection ------------------------------------------------------------------------------
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
        for (const id of store.rangeIds(anchor, photo.id)) next.add(id);
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
    if (!selecting || photoId) return;
    const onKey = (event: KeyboardEvent) => {
      if (event.key === "Escape" && !document.querySelector("dialog[open]")) clearSelection();
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, [selecting, photoId, clearSelection]);

  const { buckets, bucketsError } = snapshot;
  const total = buckets?.reduce((sum, bucket) => sum + bucket.count, 0) ?? 0;

  let body;
  if (!buckets) {
    body = bucketsError ? (
      <LibraryError message={bucketsError} onRetry={() => void store.loadBuckets()} />
    ) : (
      <GridSkeleton />
    );
  } else if (total === 0) {
    body = <EmptyLibrary />;
  } else {
    body = (
      <>
        <div className="flex items-baseline justify-between gap-4 pt-4 pb-1 pl-1 sm:pt-6">
          <h1 className="text-lg font-semibold tracking-tight sm:text-xl">Library</h1>
          <p className="text-sm text-neutral-500 tabular-nums dark:text-neutral-400" data-testid="photo-count">
            {total.toLocaleString()} {total === 1 ? "photo" : "photos"}
          </p>
        </div>
        {bucketsError && (
          <p className="mb-2 text-sm text-red-700 dark:text-red-300" data-testid="library-error">
            {bucketsError}{" "}
            <button type="button" className="font-medium underline" onClick={() => void store.loadBuckets()}>
              Retry
            </button>
          </p>
        )}
        <PhotoGrid
          ref={gridRef}
          snapshot={snapshot}
          store={store}
          selected={selected}
          selecting={selecting}
          actions={actions}
          initialViewport={initialViewport}
        />
      </>
    );
  }

  return (
    <main className={`w-full flex-1 pb-24 ${buckets && total > 0 ? "pr-7 pl-1 sm:pr-16 sm:pl-4" : "px-3 sm:px-4"}`}>
      {body}
      {selecting && <SelectionBar selected={selected} store={store} onClear={clearSelection} onRemaining={setSelected} />}
      {photoId && <PhotoViewer key="viewer" photoId={photoId} store={store} onNavigate={showPhoto} onClose={closeViewer} />}
    </main>
  );
}

function LibraryError({ message, onRetry }: { message: string; onRetry: () => void }) {
  return (
    <div
      data-testid="library-error"
      className="mx-auto mt-12 flex max-w-md flex-col items-center gap-3 rounded-2xl border border-red-200 bg-red-50 p-6 text-center text-sm text-red-800 dark:border-red-900/60 dark:bg-red-950/40 dark:text-red-200"
    >
      <WarningIcon className="size-7" />
      <p className="font-medium">Your library could not be loaded.</p>
      <p>{message}</p>
      <button type="button" onClick={onRetry} className={secondaryButtonClass}>
        Try again
      </button>
    </div>
  );
}

function GridSkeleton() {
  return (
    <div aria-busy="true" aria-label="Loading your library" className="pt-16">
      <div className="grid grid-cols-[repeat(auto-fill,minmax(110px,1fr))] gap-0.5 sm:grid-cols-[repeat(auto-fill,minmax(170px,1fr))] sm:gap-1">
        {Array.from({ length: 24 }, (_, index) => (
          <div key={index} className="aspect-square animate-pulse bg-neutral-200 motion-reduce:animate-none dark:bg-neutral-800" />
        ))}
      </div>
    </div>
  );
}
