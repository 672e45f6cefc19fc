"use client";

import { useCallback, useEffect, useState } from "react";
import { secondaryButtonClass, Spinner } from "@/components/form-controls";
import { mediaTypeLabel } from "@/components/library/media-labels";
import { thumbhashUrl } from "@/components/library/thumbhash-url";
import { deleteForGood, fetchTrashPage, restorePhotos } from "@/components/trash/trash-api";
import { ConfirmDialog, dangerButtonClass } from "@/components/ui/confirm-dialog";
import { CheckIcon, FileIcon, FilmIcon, TrashIcon, WarningIcon } from "@/components/ui/icons";
import type { TrashedPhoto } from "@/lib/contract/trash";

const DAY_MS = 24 * 60 * 60_000;

/** Whole days until the photo is deleted for good, as its tile says it. */
export function daysLeftLabel(photo: Pick<TrashedPhoto, "purgeAt">, now: number): string {
  const days = Math.max(0, Math.ceil((Date.parse(photo.purgeAt) - now) / DAY_MS));
  if (days === 0) return "Deleted tonight";
  return days === 1 ? "1 day left" : `${days} days left`;
}

const plural = (count: number, one: string, many: string) => (count === 1 ? `1 ${one}` : `${count.toLocaleString()} ${many}`);

type Loaded = { photos: TrashedPhoto[]; nextCursor: string | null; now: number };

/** The trash: deleted photos with the days each has left, to restore or delete for good. */
export function TrashView() {
  const [loaded, setLoaded] = useState<Loaded | null>(null);
  const [loadError, setLoadError] = useState<string | null>(null);
  const [loadingMore, setLoadingMore] = useState(false);
  const [selected, setSelected] = useState<ReadonlySet<string>>(new Set());
  const [busy, setBusy] = useState<"restore" | "delete" | null>(null);
  const [confirming, setConfirming] = useState(false);
  const [status, setStatus] = useState<{ message: string; error?: boolean } | null>(null);

  const load = useCallback(async () => {
    setLoadError(null);
    try {
      const page = await fetchTrashPage(null);
      setLoaded({ ...page, now: Date.now() });
    } catch (error) {
      setLoadError((error as Error).message);
    }
  }, []);

  useEffect(() => {
    // eslint-disable-next-line react-hooks/set-state-in-effect -- the first page is fetched once the page is open
    void load();
  }, [load]);

  const loadMore = async () => {
    if (!loaded?.nextCursor) return;
    setLoadingMore(true);
    try {
      const page = await fetchTrashPage(loaded.nextCursor);
      setLoaded({ photos: [...loaded.photos, ...page.photos], nextCursor: page.nextCursor, now: loaded.now });
    } catch (error) {
      setStatus({ message: (error as Error).message, error: true });
    } finally {
      setLoadingMore(false);
    }
  };

  const toggle = (id: string) =>
    setSelected((current) => {
      const next = new Set(current);
      if (!next.delete(id)) next.add(id);
      return next;
    });

  const act = async (kind: "restore" | "delete") => {
    setConfirming(false);
    const ids = [...selected];
    setBusy(kind);
    setStatus(null);
    try {
      if (kind === "restore") {
        const { restored } = await restorePhotos(ids);
        setStatus({ message: `${plural(restored, "photo", "photos")} restored to your library` });
      } else {
        const { deleted } = await deleteForGood(ids);
        setStatus({ message: `${plural(deleted, "photo", "photos")} deleted for good` });
      }
      const gone = new Set(ids);
      setLoaded((current) => current && { ...current, photos: current.photos.filter((photo) => !gone.has(photo.id)) });
      setSelected(new Set());
    } catch (error) {
      setStatus({ message: (error as Error).message, error: true });
    } finally {
      setBusy(null);
    }
  };

  const photos = loaded?.photos ?? [];
  const count = selected.size;
  const allSelected = photos.length > 0 && photos.every((photo) => selected.has(photo.id));

  let body;
  if (loadError) {
    body = (
      <div data-testid="trash-error" className="mx-auto mt-12 flex max-w-md flex-col items-center gap-3 rounded-2xl border border-red-200 bg-red-50 p-6 text-center text-sm text-red-800 dark:border-red-900/60 dark:bg-red-950/40 dark:text-red-200">
        <WarningIcon className="size-7" />
        <p className="font-medium">The trash could not be loaded.</p>
        <p>{loadError}</p>
        <button type="button" onClick={() => void load()} className={secondaryButtonClass}>
          Try again
        </button>
      </div>
    );
  } else if (!loaded) {
    body = (
      <div aria-busy="true" aria-label="Loading the trash" className="flex justify-center pt-16">
        <Spinner />
      </div>
    );
  } else if (photos.length === 0) {
    body = (
      <div data-testid="trash-empty" className="mx-auto mt-16 flex max-w-sm flex-col items-center gap-3 text-center">
        <span className="flex size-14 items-center justify-center rounded-full bg-neutral-100 text-neutral-500 dark:bg-neutral-800 dark:text-neutral-400">
          <TrashIcon className="size-7" />
        </span>
        <h2 className="text-lg font-semibold tracking-tight">Trash is empty</h2>
        <p className="text-sm text-neutral-600 dark:text-neutral-400">
          Photos you delete wait here for a while before they are deleted for good, so a tap too many loses nothing.
        </p>
      </div>
    );
  } else {
    body = (
      <>
        <ul className="grid grid-cols-3 gap-0.5 sm:grid-cols-[repeat(auto-fill,minmax(170px,1fr))] sm:gap-1" data-testid="trash-grid">
          {photos.map((photo) => (
            <li key={photo.id}>
              <TrashTile photo={photo} selected={selected.has(photo.id)} daysLeft={daysLeftLabel(photo, loaded.now)} onToggle={() => toggle(photo.id)} />
            </li>
          ))}
        </ul>
        {loaded.nextCursor && (
          <div className="mt-6 flex justify-center">
            <button type="button" onClick={() => void loadMore()} disabled={loadingMore} className={secondaryButtonClass}>
              {loadingMore && <Spinner />}
              Show more
            </button>
          </div>
        )}
      </>
    );
  }

  return (
    <main className="mx-auto w-full max-w-7xl flex-1 px-1 pb-24 sm:px-4">
      <div className="flex flex-wrap items-baseline justify-between gap-x-4 gap-y-1 px-2 pt-4 pb-3 sm:px-1 sm:pt-6">
        <h1 className="text-lg font-semibold tracking-tight sm:text-xl">Trash</h1>
        {photos.length > 0 && (
          <p className="text-sm text-neutral-500 dark:text-neutral-400">Photos here are deleted for good when their days run out.</p>
        )}
      </div>
      {photos.length > 0 && (
        <div
          data-testid="trash-toolbar"
          className="sticky top-[var(--app-header-height,3.5rem)] z-10 mb-2 flex flex-wrap items-center gap-2 rounded-xl border border-neutral-200 bg-white/90 px-2 py-2 backdrop-blur sm:px-3 dark:border-neutral-800 dark:bg-neutral-900/90"
        >
          <p className="min-w-0 flex-1 truncate px-1 text-sm font-medium max-sm:basis-full" aria-live="polite" data-testid="trash-selection-count">
            {count > 0 ? `${count} selected` : plural(photos.length, "photo", "photos") + (loaded?.nextCursor ? "+" : "")}
          </p>
          <button
            type="button"
            onClick={() => setSelected(allSelected ? new Set() : new Set(photos.map((photo) => photo.id)))}
            disabled={busy !== null}
            className="rounded-lg px-3 py-2 text-sm font-medium text-indigo-700 hover:bg-indigo-50 focus-visible:outline-2 focus-visible:outline-indigo-600 disabled:opacity-60 max-sm:mr-auto dark:text-indigo-300 dark:hover:bg-indigo-950"
          >
            {allSelected ? "Clear" : "Select all"}
          </button>
          <button type="button" onClick={() => void act("restore")} disabled={count === 0 || busy !== null} className={secondaryButtonClass}>
            {busy === "restore" && <Spinner />}
            Restore
          </button>
          <button type="button" onClick={() => setConfirming(true)} disabled={count === 0 || busy !== null} className={dangerButtonClass}>
            {busy === "delete" ? <Spinner /> : <TrashIcon className="size-4.5" />}
            Delete for good
          </button>
        </div>
      )}
      {status && (
        <p
          role="status"
          data-testid="trash-status"
          className={`mb-2 px-2 text-sm ${status.error ? "text-red-700 dark:text-red-300" : "text-neutral-700 dark:text-neutral-300"}`}
        >
          {status.message}
        </p>
      )}
      {body}
      <ConfirmDialog
        open={confirming}
        title={count === 1 ? "Delete 1 photo for good?" : `Delete ${count} photos for good?`}
        confirmLabel="Delete for good"
        onConfirm={() => void act("delete")}
        onCancel={() => setConfirming(false)}
      >
        {count === 1 ? "It is" : "They are"} removed from the trash and from storage. This cannot be undone.
      </ConfirmDialog>
    </main>
  );
}

function TrashTile({ photo, selected, daysLeft, onToggle }: { photo: TrashedPhoto; selected: boolean; daysLeft: string; onToggle: () => void }) {
  const placeholder = thumbhashUrl(photo.thumbhash);
  return (
    <button
      type="button"
      role="checkbox"
      aria-checked={selected}
      aria-label={`${photo.filename}, ${daysLeft}`}
      onClick={onToggle}
      data-testid="trash-tile"
      data-photo-id={photo.id}
      className={`group relative block aspect-square w-full overflow-hidden bg-cover bg-center outline-none focus-visible:ring-3 focus-visible:ring-indigo-500 focus-visible:ring-inset ${
        selected ? "bg-indigo-100 dark:bg-indigo-950" : "bg-neutral-200 dark:bg-neutral-800"
      }`}
      style={placeholder && !selected ? { backgroundImage: `url(${placeholder})` } : undefined}
    >
      {/* The photo and its days left shrink together when selected, as the library's tiles do. */}
      <span
        className={`absolute inset-0 overflow-hidden transition-[scale,border-radius] duration-200 motion-reduce:transition-none ${selected ? "scale-[0.86] rounded-lg" : ""}`}
      >
        {photo.thumbnails ? (
          // eslint-disable-next-line @next/next/no-img-element -- signed URLs on the store's origin, sized by the server
          <img src={photo.thumbnails.small} alt="" crossOrigin="anonymous" loading="lazy" decoding="async" draggable={false} className="size-full object-cover" />
        ) : (
          // No preview: what the file is, as in the library.
          <span className="flex size-full flex-col items-center justify-center gap-1 pb-6 text-neutral-500 dark:text-neutral-400">
            {photo.kind === "video" ? <FilmIcon className="size-7" /> : <FileIcon className="size-7" />}
            <span className="text-xs font-semibold text-neutral-700 dark:text-neutral-300">{mediaTypeLabel(photo)}</span>
          </span>
        )}
        <span
          data-testid="days-left"
          className="absolute inset-x-0 bottom-0 bg-gradient-to-t from-black/70 to-transparent px-2 pt-5 pb-1.5 text-left text-xs font-medium text-white"
        >
          {daysLeft}
        </span>
      </span>
      <span
        className={`absolute top-1.5 left-1.5 flex size-6 items-center justify-center rounded-full border-2 shadow-sm ${
          selected
            ? "border-indigo-600 bg-indigo-600 text-white dark:border-indigo-400 dark:bg-indigo-500"
            : "border-white/90 bg-black/20 text-transparent"
        }`}
      >
        <CheckIcon className="size-4" />
      </span>
    </button>
  );
}
