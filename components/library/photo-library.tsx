"use client";

import dynamic from "next/dynamic";
import { useCallback, useRef, useState } from "react";
import { usePreloadAfterPageLoad } from "@/components/after-page-load";
import { secondaryButtonClass, Spinner } from "@/components/form-controls";
import { EmptyLibrary } from "@/components/library/empty-library";
import { useLibrary } from "@/components/library/library-provider";
import { PhotoGrid, type PhotoGridHandle } from "@/components/library/photo-grid";
import { TrashToast, type TrashedNotice } from "@/components/library/trash-toast";
import { useLibrarySnapshot } from "@/components/library/use-library-snapshot";
import { useSelection } from "@/components/library/use-selection";
import { useViewerAddress } from "@/components/library/use-viewer-address";
import { WarningIcon } from "@/components/ui/icons";

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

const preloadViewerAndSelectionBar = () => Promise.all([loadViewer(), loadSelectionBar()]);

/** The signed-in home: the grid (or the first-run state), the viewer and multi-select. */
export function PhotoLibrary() {
  const { store } = useLibrary();
  const snapshot = useLibrarySnapshot(store);
  const gridRef = useRef<PhotoGridHandle>(null);
  const { photoId, openPhoto, showPhoto, closeViewer } = useViewerAddress(gridRef);
  const { selected, selecting, actions, clearSelection, setSelected } = useSelection(store, { openPhoto, viewerOpen: Boolean(photoId) });
  usePreloadAfterPageLoad(preloadViewerAndSelectionBar);
  const [trashed, setTrashed] = useState<(TrashedNotice & { key: number }) | null>(null);
  const onTrashed = useCallback((ids: string[]) => setTrashed({ ids, key: Date.now() }), []);
  const hideTrashed = useCallback(() => setTrashed(null), []);
  const toast = trashed && <TrashToast key={trashed.key} notice={trashed} store={store} onDone={hideTrashed} />;

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
        <PhotoGrid ref={gridRef} snapshot={snapshot} selected={selected} selecting={selecting} actions={actions} />
      </>
    );
  }

  return (
    <main className={`w-full flex-1 pb-24 ${buckets && total > 0 ? "pr-7 pl-1 sm:pr-16 sm:pl-4" : "px-3 sm:px-4"}`}>
      {body}
      {selecting && <SelectionBar selected={selected} store={store} onClear={clearSelection} onRemaining={setSelected} onTrashed={onTrashed} />}
      {photoId ? (
        <PhotoViewer key="viewer" photoId={photoId} store={store} onNavigate={showPhoto} onClose={closeViewer} onTrashed={onTrashed} toast={toast} />
      ) : (
        toast
      )}
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
