"use client";

import { useEffect, useRef, useState, type PointerEvent as ReactPointerEvent } from "react";
import { ApiRequestError } from "@/components/api-client";
import { fetchOriginalUrl, fetchPhoto } from "@/components/library/photos-api";
import { formatBytes } from "@/components/format-bytes";
import { formatTaken } from "@/components/library/dates";
import type { LibraryStore } from "@/components/library/library-store";
import { thumbhashUrl } from "@/components/library/thumbhash-url";
import { Spinner } from "@/components/form-controls";
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
import type { Photo } from "@/lib/contract/photos";

const SWIPE_PX = 60;

type Shown = { photoId: string; src: string; kind: "medium" | "large" | "original" };

/**
 * One photo, full screen, in a modal <dialog> (focus stays inside; it returns to the tile on close).
 * Shows the medium thumbnail at once and the large one when it has loaded; the original on demand
 * from its signed URL on the store. ← → keys, swipes and the side buttons move through the library.
 */
export function PhotoViewer({
  photoId,
  store,
  onNavigate,
  onClose,
}: {
  photoId: string;
  store: LibraryStore;
  onNavigate: (id: string) => void;
  onClose: () => void;
}) {
  const dialogRef = useRef<HTMLDialogElement>(null);
  const slideRef = useRef<HTMLDivElement>(null);
  const located = store.locate(photoId)?.photo;
  const [fetched, setFetched] = useState<{ id: string; photo: Photo | null; error: string | null } | null>(null);
  const photo = located ?? (fetched?.id === photoId ? fetched.photo : null);
  const loadError = !located && fetched?.id === photoId ? fetched.error : null;

  const [shown, setShown] = useState<Shown | null>(null);
  const [original, setOriginal] = useState<{ photoId: string; state: "loading" | "shown" | "failed"; message?: string } | null>(null);
  const [confirming, setConfirming] = useState(false);
  const [busy, setBusy] = useState<"download" | "delete" | null>(null);
  const [actionError, setActionError] = useState<{ photoId: string; message: string } | null>(null);

  // Opened by its address before the grid had loaded it: ask for it.
  useEffect(() => {
    if (located) return;
    const controller = new AbortController();
    fetchPhoto(photoId, controller.signal).then(
      (photo) => setFetched({ id: photoId, photo, error: null }),
      (error: unknown) => {
        if ((error as Error).name === "AbortError") return;
        const message =
          error instanceof ApiRequestError && error.status === 404
            ? "This photo is not in your library (it may have been deleted)."
            : error instanceof Error
              ? error.message
              : "The photo could not be loaded.";
        setFetched({ id: photoId, photo: null, error: message });
      },
    );
    return () => controller.abort();
  }, [photoId, located]);

  useEffect(() => {
    const dialog = dialogRef.current;
    if (dialog && !dialog.open) dialog.showModal();
    const root = document.documentElement;
    const previous = root.style.overflow;
    root.style.overflow = "hidden";
    return () => {
      root.style.overflow = previous;
      if (dialog?.open) dialog.close();
    };
  }, []);

  // Large replaces medium once it has been fully decoded, so the swap never flashes.
  const large = photo?.thumbnails?.large;
  useEffect(() => {
    if (!large) return;
    let cancelled = false;
    const image = new Image();
    image.crossOrigin = "anonymous"; // like the <img> it warms, or the browser fetches it twice
    image.decoding = "async";
    image.src = large;
    image
      .decode()
      .then(() => {
        if (!cancelled) setShown((current) => (current?.photoId === photoId && current.kind === "original" ? current : { photoId, src: large, kind: "large" }));
      })
      .catch(() => {});
    return () => {
      cancelled = true;
    };
  }, [large, photoId]);

  // Warm the neighbours' medium thumbnails so the next photo appears at once.
  useEffect(() => {
    if (!photo) return;
    for (const direction of [1, -1] as const) {
      const neighbour = store.peekNeighbour(photo.id, direction);
      if (!neighbour?.thumbnails) continue;
      const image = new Image();
      image.crossOrigin = "anonymous";
      image.src = neighbour.thumbnails.medium;
    }
  }, [photo, store]);

  const go = async (direction: 1 | -1) => {
    if (!photo) return;
    const next = await store.neighbour(photo, direction);
    if (next) onNavigate(next.id);
  };

  // On the document, not the dialog: focus may sit on <body> (a button that got disabled) and keys still count.
  const keys = useRef({ go, confirming });
  useEffect(() => {
    keys.current = { go, confirming };
  });
  useEffect(() => {
    const onKeyDown = (event: KeyboardEvent) => {
      if (keys.current.confirming || event.altKey || event.ctrlKey || event.metaKey || event.defaultPrevented) return;
      const direction = event.key === "ArrowRight" ? 1 : event.key === "ArrowLeft" ? -1 : 0;
      if (!direction) return;
      event.preventDefault();
      void keys.current.go(direction);
    };
    document.addEventListener("keydown", onKeyDown);
    return () => document.removeEventListener("keydown", onKeyDown);
  }, []);

  const viewOriginal = async () => {
    if (!photo || (shown?.photoId === photo.id && shown.kind === "original")) return;
    if (original?.photoId === photo.id && original.state === "loading") return;
    setOriginal({ photoId: photo.id, state: "loading" });
    try {
      const url = await fetchOriginalUrl(photo.id);
      setShown({ photoId: photo.id, src: url, kind: "original" });
    } catch (error) {
      setOriginal({ photoId: photo.id, state: "failed", message: (error as Error).message });
    }
  };

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
    setConfirming(false);
    setBusy("delete");
    setActionError(null);
    const next = store.peekNeighbour(photo.id, 1) ?? store.peekNeighbour(photo.id, -1) ?? null;
    const { failed } = await store.deletePhotos([photo.id]);
    setBusy(null);
    if (failed.length) {
      setActionError({ photoId: photo.id, message: `Could not delete: ${failed[0]!.message}` });
      return;
    }
    if (next) onNavigate(next.id);
    else onClose();
  };

  // --- Swipes ---------------------------------------------------------------------------------
  const drag = useRef<{ id: number; x: number; y: number; dx: number } | null>(null);
  const setSlide = (dx: number, animate: boolean) => {
    const slide = slideRef.current;
    if (!slide) return;
    slide.style.transition = animate ? "transform 180ms ease-out" : "none";
    slide.style.transform = dx ? `translateX(${dx}px)` : "";
  };
  const onPointerDown = (event: ReactPointerEvent<HTMLDivElement>) => {
    if (!event.isPrimary || (event.pointerType === "mouse" && event.button !== 0)) return;
    if ((event.target as HTMLElement).closest("button, a")) return;
    drag.current = { id: event.pointerId, x: event.clientX, y: event.clientY, dx: 0 };
    event.currentTarget.setPointerCapture(event.pointerId);
  };
  const onPointerMove = (event: ReactPointerEvent<HTMLDivElement>) => {
    const current = drag.current;
    if (!current || current.id !== event.pointerId) return;
    current.dx = event.clientX - current.x;
    setSlide(current.dx, false);
  };
  const onPointerEnd = (event: ReactPointerEvent<HTMLDivElement>) => {
    const current = drag.current;
    if (!current || current.id !== event.pointerId) return;
    drag.current = null;
    const { dx } = current;
    setSlide(0, true);
    if (event.type === "pointerup" && Math.abs(dx) >= SWIPE_PX) void go(dx < 0 ? 1 : -1);
  };

  const medium = photo?.thumbnails?.medium;
  const current = shown?.photoId === photoId ? shown : medium ? { photoId, src: medium, kind: "medium" as const } : null;
  const placeholder = photo?.thumbnails?.small ?? thumbhashUrl(photo?.thumbhash ?? null);
  const originalState = original?.photoId === photoId ? original : null;
  const error = actionError?.photoId === photoId ? actionError.message : null;
  const hasPrevious = photo ? store.peekNeighbour(photo.id, -1) !== null : false;
  const hasNext = photo ? store.peekNeighbour(photo.id, 1) !== null : false;

  return (
    <dialog
      ref={dialogRef}
      aria-label={photo ? `Photo ${photo.filename}` : "Photo"}
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
          className="relative min-h-0 flex-1 touch-none overflow-hidden select-none"
          onPointerDown={onPointerDown}
          onPointerMove={onPointerMove}
          onPointerUp={onPointerEnd}
          onPointerCancel={onPointerEnd}
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
            {current && (
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
                onLoad={() => {
                  if (current.kind === "original") setOriginal({ photoId, state: "shown" });
                }}
                onError={() => {
                  if (current.kind !== "original" || !photo) return;
                  setShown(large ? { photoId, src: large, kind: "large" } : null);
                  setOriginal({
                    photoId,
                    state: "failed",
                    message: `This browser cannot display the original (${photo.contentType}). Download it to open it in another app.`,
                  });
                }}
                className="absolute inset-0 size-full object-contain"
              />
            )}
            {photo && !photo.thumbnails && (
              <div className="absolute inset-0 flex flex-col items-center justify-center gap-3 p-6 text-center text-sm text-white/80">
                {photo.status === "failed" ? (
                  <>
                    <WarningIcon className="size-8 text-amber-400" />
                    <p className="font-medium text-white">This photo could not be processed.</p>
                    {photo.error && <p className="max-w-md">{photo.error}</p>}
                    <p className="max-w-md">The original is stored safely: download it to open it elsewhere.</p>
                  </>
                ) : (
                  <>
                    <Spinner />
                    <p>Preparing this photo…</p>
                  </>
                )}
              </div>
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
        onConfirm={remove}
        onCancel={() => setConfirming(false)}
      >
        {photo?.filename} will be removed from your library and its storage. This cannot be undone.
      </ConfirmDialog>
    </dialog>
  );
}

const toolbarButtonClass =
  "inline-flex h-10 min-w-10 shrink-0 items-center justify-center gap-2 rounded-full px-2.5 text-sm font-medium text-white/90 transition-colors hover:bg-white/10 hover:text-white focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-white disabled:cursor-default disabled:opacity-50 aria-disabled:cursor-default aria-disabled:opacity-50 sm:px-3";

const sideButtonClass =
  "absolute top-1/2 flex size-11 -translate-y-1/2 items-center justify-center rounded-full bg-black/40 text-white backdrop-blur transition hover:bg-black/60 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-white disabled:pointer-events-none disabled:opacity-0";
