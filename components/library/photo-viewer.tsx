"use client";

import { useRef, useState, type ReactNode } from "react";
import { formatBytes } from "@/lib/contract/format-bytes";
import { Spinner } from "@/components/form-controls";
import { formatTaken } from "@/components/library/dates";
import type { LibraryStore } from "@/components/library/library-store";
import { formatDuration } from "@/components/library/media-labels";
import { MotionPhotoClip } from "@/components/library/motion-photo-clip";
import { thumbhashUrl } from "@/components/library/thumbhash-url";
import { useModalDialog } from "@/components/library/use-modal-dialog";
import { usePhotoActions } from "@/components/library/use-photo-actions";
import { usePhotoDetails } from "@/components/library/use-photo-details";
import { usePreloadNeighbours } from "@/components/library/use-preload-neighbours";
import { useSwipe } from "@/components/library/use-swipe";
import { useViewerImage } from "@/components/library/use-viewer-image";
import { useViewerKeys } from "@/components/library/use-viewer-keys";
import { ViewerNoPreview } from "@/components/library/viewer-no-preview";
import { ViewerVideo } from "@/components/library/viewer-video";
import { neighbour, peekNeighbour } from "@/components/library/viewer-navigation";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import {
  ChevronLeftIcon,
  ChevronRightIcon,
  CloseIcon,
  DownloadIcon,
  ExpandIcon,
  TrashIcon,
  WarningIcon,
} from "@/components/ui/icons";

/**
 * One photo or video, full screen, in a modal <dialog> (focus stays inside; it returns to the tile
 * on close). A photo shows the medium thumbnail at once and the large one when it has loaded (a
 * Live Photo plays its clip when held or hovered); a video plays with the browser's controls; the
 * original comes on demand from its signed URL on the store. ← → keys, swipes and the side buttons
 * move through the library.
 */
export function PhotoViewer({
  photoId,
  store,
  onNavigate,
  onClose,
  onTrashed,
  toast,
}: {
  photoId: string;
  store: LibraryStore;
  onNavigate: (id: string) => void;
  onClose: () => void;
  /** The photo was moved to the trash: the library offers to undo it. */
  onTrashed: (ids: string[]) => void;
  /** The library's toast, shown in the dialog (the page behind it is inert). */
  toast: ReactNode;
}) {
  const dialogRef = useRef<HTMLDialogElement>(null);
  const stageRef = useRef<HTMLDivElement>(null);
  const slideRef = useRef<HTMLDivElement>(null);
  const [confirming, setConfirming] = useState(false);
  const { photo, loadError } = usePhotoDetails(store, photoId);
  useModalDialog(dialogRef);
  const { current, original: originalState, viewOriginal, onImageLoad, onImageError } = useViewerImage(photoId, photo);
  const { busy, error, download, remove } = usePhotoActions(store, photoId, photo, { onNavigate, onClose, onTrashed });
  usePreloadNeighbours(store, photo);

  const go = async (direction: 1 | -1) => {
    if (!photo) return;
    const next = await neighbour(store, photo, direction);
    if (next) onNavigate(next.id);
  };
  useViewerKeys(go, confirming);
  const swipeHandlers = useSwipe(slideRef, go);

  const placeholder = photo?.thumbnails?.small ?? thumbhashUrl(photo?.thumbhash ?? null);
  const hasPrevious = photo ? peekNeighbour(store, photo.id, -1) !== null : false;
  const hasNext = photo ? peekNeighbour(store, photo.id, 1) !== null : false;
  const videoSrc = photo?.kind === "video" ? (current?.kind === "original" ? current.src : photo.playback) : null;

  return (
    <dialog
      ref={dialogRef}
      aria-label={photo ? `${photo.kind === "video" ? "Video" : "Photo"} ${photo.filename}` : "Photo"}
      data-testid="photo-viewer"
      onCancel={(event) => {
        event.preventDefault();
        if (!confirming) onClose();
      }}
      className="fixed inset-0 m-0 h-dvh max-h-none w-full max-w-none overflow-hidden bg-neutral-950 p-0 text-white backdrop:bg-neutral-950"
    >
      <div className="flex h-full flex-col">
        <div className="relative z-10 flex items-center gap-1 px-2 py-2 sm:gap-2 sm:px-4">
          <button type="button" autoFocus onClick={onClose} className={toolbarButtonClass}>
            <CloseIcon className="size-6" />
            <span className="sr-only">Close</span>
          </button>
          <p className="min-w-0 flex-1 truncate px-1 text-sm font-medium text-white/90" data-testid="viewer-filename">
            {photo?.filename}
          </p>
          {photo && (
            <>
              <button
                type="button"
                onClick={viewOriginal}
                aria-disabled={originalState?.state === "loading" || current?.kind === "original"}
                className={toolbarButtonClass}
              >
                {originalState?.state === "loading" ? <Spinner /> : <ExpandIcon />}
                <span className="max-sm:sr-only">View original</span>
              </button>
              <button type="button" onClick={download} disabled={busy === "download"} className={toolbarButtonClass}>
                {busy === "download" ? <Spinner /> : <DownloadIcon />}
                <span className="max-sm:sr-only">Download</span>
              </button>
              <button
                type="button"
                onClick={() => setConfirming(true)}
                disabled={busy === "delete"}
                className={toolbarButtonClass}
              >
                {busy === "delete" ? <Spinner /> : <TrashIcon />}
                <span className="max-sm:sr-only">Delete</span>
              </button>
            </>
          )}
        </div>

        <div
          ref={stageRef}
          className="relative min-h-0 flex-1 touch-none overflow-hidden select-none [-webkit-touch-callout:none]"
          {...swipeHandlers}
          data-testid="viewer-stage"
        >
          <div ref={slideRef} className="absolute inset-0">
            {placeholder && (
              // eslint-disable-next-line @next/next/no-img-element -- a signed URL on the store's origin
              <img
                key={`placeholder-${photoId}`}
                src={placeholder}
                alt=""
                draggable={false}
                className="absolute inset-0 size-full object-contain"
              />
            )}
            {photo && videoSrc ? (
              <ViewerVideo key={photoId} photo={photo} src={videoSrc} onLoad={onImageLoad} onError={onImageError} />
            ) : (
              current && (
                // eslint-disable-next-line @next/next/no-img-element -- a signed URL on the store's origin
                <img
                  key={`${photoId}-${current.kind}`}
                  src={current.src}
                  alt={photo ? `${photo.filename}, ${formatTaken(photo)}` : ""}
                  data-testid="viewer-image"
                  data-kind={current.kind}
                  // Thumbnails as CORS requests, like the grid's; the original is never cached, so it stays a plain one.
                  crossOrigin={current.kind === "original" ? undefined : "anonymous"}
                  draggable={false}
                  decoding="async"
                  onLoad={onImageLoad}
                  onError={onImageError}
                  className="absolute inset-0 size-full object-contain"
                />
              )
            )}
            {photo?.motion && current && !videoSrc && <MotionPhotoClip key={photoId} src={photo.motion} stageRef={stageRef} />}
            {photo && !photo.thumbnails && !videoSrc && current?.kind !== "original" && (
              photo.status === "failed" ? (
                <ViewerNoPreview photo={photo} onDownload={download} downloading={busy === "download"} />
              ) : (
                <div className="absolute inset-0 flex flex-col items-center justify-center gap-3 p-6 text-center text-sm text-white/80">
                  <Spinner />
                  <p>Preparing this {photo.kind}…</p>
                </div>
              )
            )}
            {!photo && (
              <div className="absolute inset-0 flex flex-col items-center justify-center gap-3 p-6 text-center text-sm text-white/80">
                {loadError ? (
                  <>
                    <WarningIcon className="size-8 text-amber-400" />
                    <p data-testid="viewer-error">{loadError}</p>
                  </>
                ) : (
                  <Spinner />
                )}
              </div>
            )}
          </div>

          {photo && (
            <>
              <button
                type="button"
                onClick={() => void go(-1)}
                disabled={!hasPrevious}
                className={`${sideButtonClass} left-2 sm:left-4`}
              >
                <ChevronLeftIcon className="size-6" />
                <span className="sr-only">Previous photo</span>
              </button>
              <button
                type="button"
                onClick={() => void go(1)}
                disabled={!hasNext}
                className={`${sideButtonClass} right-2 sm:right-4`}
              >
                <ChevronRightIcon className="size-6" />
                <span className="sr-only">Next photo</span>
              </button>
            </>
          )}
        </div>

        {photo && (
          <div className="relative z-10 px-4 pt-2 pb-[max(0.75rem,env(safe-area-inset-bottom))] text-sm sm:px-6" data-testid="viewer-info">
            {(error || originalState?.state === "failed") && (
              <p data-testid="viewer-message" className="mb-2 flex items-start gap-2 text-amber-300">
                <WarningIcon className="mt-0.5 size-4 shrink-0" />
                {error ?? originalState?.message}
              </p>
            )}
            <p className="font-medium text-white">
              {formatTaken(photo)}
              {photo.takenAtOffset && <span className="font-normal text-white/60"> (UTC{photo.takenAtOffset})</span>}
            </p>
            <p className="mt-0.5 text-white/70">
              <span>{formatBytes(photo.size)}</span>
              {photo.width && photo.height && (
                <>
                  <span aria-hidden="true"> · </span>
                  <span>
                    {photo.width} × {photo.height}
                  </span>
                </>
              )}
              {photo.durationMs !== null && (
                <>
                  <span aria-hidden="true"> · </span>
                  <span>{formatDuration(photo.durationMs)}</span>
                </>
              )}
              {current?.kind === "original" && (
                <>
                  <span aria-hidden="true"> · </span>
                  <span>{originalState?.state === "shown" ? "Showing the original" : "Loading the original…"}</span>
                </>
              )}
            </p>
          </div>
        )}
      </div>

      <ConfirmDialog
        open={confirming}
        title="Delete this photo?"
        confirmLabel="Delete"
        onConfirm={() => {
          setConfirming(false);
          void remove();
        }}
        onCancel={() => setConfirming(false)}
      >
        {photo?.filename} moves to the trash, where you can restore it until it is deleted for good.
      </ConfirmDialog>
      {toast}
    </dialog>
  );
}

const toolbarButtonClass =
  "inline-flex h-10 min-w-10 shrink-0 items-center justify-center gap-2 rounded-full px-2.5 text-sm font-medium text-white/90 transition-colors hover:bg-white/10 hover:text-white focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-white disabled:cursor-default disabled:opacity-50 aria-disabled:cursor-default aria-disabled:opacity-50 sm:px-3";

const sideButtonClass =
  "absolute top-1/2 flex size-11 -translate-y-1/2 items-center justify-center rounded-full bg-black/40 text-white backdrop-blur transition hover:bg-black/60 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-white disabled:pointer-events-none disabled:opacity-0";
