"use client";

import { memo, useRef, type MouseEvent } from "react";
import { formatShortDate } from "@/components/library/dates";
import { thumbhashUrl } from "@/components/library/thumbhash-url";
import { Spinner } from "@/components/form-controls";
import { formatDuration, mediaTypeLabel } from "@/components/library/media-labels";
import { CheckIcon, FileIcon, FilmIcon, PlayIcon } from "@/components/ui/icons";
import type { Photo } from "@/lib/contract/photos";

/** What a tile can ask of the library; one stable object shared by every tile. */
export interface TileActions {
  /** A click or Enter on the tile: open it, or toggle it while selecting / with Shift. */
  activate: (photo: Photo, event: MouseEvent<HTMLAnchorElement>) => void;
  /** The checkbox in the corner. */
  toggle: (photo: Photo, event: MouseEvent<HTMLButtonElement>) => void;
  /** Held for half a second on a touch screen. */
  longPress: (photo: Photo) => void;
}

const LONG_PRESS_MS = 500;
const MOVE_TOLERANCE_PX = 10;

/**
 * "eager": on the first screen, loaded at once and ahead of the scripts (in the server's HTML; the
 * browser would otherwise fetch the scripts first). "lazy": as it nears the viewport. "later":
 * not yet (the first screen's thumbnails are still coming): the placeholder alone.
 */
export type TilePriority = "eager" | "lazy" | "later";

function tileAlt(photo: Photo) {
  const what = photo.kind === "video" ? `video${photo.durationMs === null ? "" : ` ${formatDuration(photo.durationMs)}`}, ` : photo.motion ? "Live Photo, " : "";
  return `${photo.filename}, ${what}${formatShortDate(photo)}`;
}

export const PhotoTile = memo(function PhotoTile({
  photo,
  selected,
  selecting,
  actions,
  priority = "lazy",
}: {
  photo: Photo;
  selected: boolean;
  selecting: boolean;
  actions: TileActions;
  priority?: TilePriority;
}) {
  const press = useRef<{ timer: ReturnType<typeof setTimeout>; x: number; y: number } | null>(null);
  const longPressed = useRef(false);
  const placeholder = thumbhashUrl(photo.thumbhash);
  const alt = tileAlt(photo);
  const small = photo.thumbnails?.small;
  const showSmall = small && priority !== "later";

  const cancelPress = () => {
    if (press.current) clearTimeout(press.current.timer);
    press.current = null;
  };

  return (
    <div
      className="group relative size-full select-none [-webkit-touch-callout:none]"
      data-testid="photo-tile"
      data-photo-id={photo.id}
      data-status={photo.status}
      data-selected={selected || undefined}
    >
      <a
        href={`/?photo=${encodeURIComponent(photo.id)}`}
        draggable={false}
        data-tile-link=""
        onClick={(event) => {
          if (longPressed.current) {
            event.preventDefault();
            longPressed.current = false;
            return;
          }
          actions.activate(photo, event);
        }}
        onPointerDown={(event) => {
          longPressed.current = false;
          if (event.pointerType !== "touch") return;
          cancelPress();
          const timer = setTimeout(() => {
            press.current = null;
            longPressed.current = true;
            navigator.vibrate?.(15);
            actions.longPress(photo);
          }, LONG_PRESS_MS);
          press.current = { timer, x: event.clientX, y: event.clientY };
        }}
        onPointerMove={(event) => {
          const start = press.current;
          if (start && Math.hypot(event.clientX - start.x, event.clientY - start.y) > MOVE_TOLERANCE_PX) cancelPress();
        }}
        onPointerUp={cancelPress}
        onPointerCancel={cancelPress}
        onPointerLeave={cancelPress}
        onContextMenu={(event) => {
          // The long press is ours on touch screens, not the browser's image menu.
          if (longPressed.current || press.current) event.preventDefault();
        }}
        aria-label={showSmall ? undefined : small ? alt : `${alt}${photo.status === "failed" ? `, ${mediaTypeLabel(photo)}, no preview` : ", still being prepared"}`}
        className={`relative block size-full overflow-hidden bg-cover bg-center outline-none after:pointer-events-none after:absolute after:inset-0 after:content-[''] focus-visible:after:ring-3 focus-visible:after:ring-indigo-500 focus-visible:after:ring-inset ${
          selected ? "bg-indigo-100 dark:bg-indigo-950" : "bg-neutral-200 dark:bg-neutral-800"
        }`}
        style={placeholder && !selected ? { backgroundImage: `url(${placeholder})` } : undefined}
      >
        {showSmall && (
          // eslint-disable-next-line @next/next/no-img-element -- signed URLs on the store's origin, sized by the server
          <img
            src={small}
            alt={alt}
            // CORS, so the service worker can keep it (an opaque answer can't be checked and costs megabytes of quota).
            crossOrigin="anonymous"
            loading={priority === "lazy" ? "lazy" : "eager"}
            fetchPriority={priority === "lazy" ? undefined : "high"}
            decoding="async"
            draggable={false}
            // data-loaded may have been set by the page's script before hydration.
            suppressHydrationWarning
            ref={(image) => {
              if (image?.complete && image.naturalWidth > 0) image.dataset.loaded = "true";
            }}
            onLoad={(event) => {
              event.currentTarget.dataset.loaded = "true";
            }}
            className={`absolute inset-0 size-full object-cover opacity-0 transition-[opacity,scale] duration-300 data-loaded:opacity-100 motion-reduce:transition-none ${
              selected ? "scale-[0.86] rounded-lg" : ""
            }`}
          />
        )}
        {photo.status === "processing" && (
          <span className="absolute inset-0 flex flex-col items-center justify-center gap-1.5 bg-neutral-200/70 text-xs font-medium text-neutral-600 dark:bg-neutral-800/70 dark:text-neutral-300">
            <Spinner />
            <span aria-hidden="true">Preparing…</span>
          </span>
        )}
        {photo.status === "failed" && (
          <span
            title={photo.error ?? "No preview could be made."}
            data-testid="no-preview-tile"
            className="absolute inset-0 flex flex-col items-center justify-center gap-1 overflow-hidden bg-neutral-100 px-2 text-center text-neutral-600 dark:bg-neutral-900 dark:text-neutral-400"
          >
            {photo.kind === "video" ? <FilmIcon className="size-7" /> : <FileIcon className="size-7" />}
            <span aria-hidden="true" className="text-xs font-semibold text-neutral-800 dark:text-neutral-200">
              {mediaTypeLabel(photo)}
            </span>
            <span aria-hidden="true" className="w-full truncate text-[0.6875rem]">
              {photo.filename}
            </span>
          </span>
        )}
        {photo.kind === "video" && photo.status === "ready" && (
          <span
            aria-hidden="true"
            data-testid="tile-duration"
            className="absolute right-1 bottom-1 flex items-center gap-0.5 rounded-full bg-black/55 py-0.5 pr-1.5 pl-1 text-[0.6875rem] font-semibold text-white tabular-nums"
          >
            <PlayIcon className="size-3" />
            {photo.durationMs !== null && formatDuration(photo.durationMs)}
          </span>
        )}
        {photo.motion && photo.status === "ready" && (
          <span
            aria-hidden="true"
            data-testid="tile-live"
            className="absolute top-1.5 right-1.5 rounded-full bg-black/55 px-1.5 py-0.5 text-[0.625rem] font-bold tracking-wider text-white"
          >
            LIVE
          </span>
        )}
      </a>
      <button
        type="button"
        role="checkbox"
        aria-checked={selected}
        aria-label={`Select ${photo.filename}`}
        onClick={(event) => actions.toggle(photo, event)}
        className={`absolute top-1 left-1 flex size-8 items-center justify-center rounded-full transition-opacity focus-visible:opacity-100 focus-visible:outline-2 focus-visible:outline-offset-1 focus-visible:outline-indigo-500 ${
          selecting || selected ? "opacity-100" : "opacity-0 group-hover:opacity-100 [@media(hover:none)]:pointer-events-none"
        }`}
      >
        <span
          className={`flex size-6 items-center justify-center rounded-full border-2 shadow-sm ${
            selected
              ? "border-indigo-600 bg-indigo-600 text-white dark:border-indigo-400 dark:bg-indigo-500"
              : "border-white/90 bg-black/20 text-transparent hover:bg-black/35"
          }`}
        >
          <CheckIcon className="size-4" />
        </span>
      </button>
    </div>
  );
});
