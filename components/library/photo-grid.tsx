"use client";

import { useWindowVirtualizer } from "@tanstack/react-virtual";
import {
  memo,
  useCallback,
  useEffect,
  useImperativeHandle,
  useLayoutEffect,
  useMemo,
  useReducer,
  useRef,
  useState,
  type Ref,
} from "react";
import { formatDay, formatMonth, formatMonthStable, formatDayStable } from "@/components/library/dates";
import { GridLayout, gridMetrics, type Anchor, type GridMetrics, type GridRow } from "@/components/library/grid-layout";
import type { InitialViewport } from "@/components/library/library-provider";
import type { LibrarySnapshot, LibraryStore, MonthNeed } from "@/components/library/library-store";
import { MonthScrubber } from "@/components/library/month-scrubber";
import { PhotoTile, type TileActions, type TilePriority } from "@/components/library/photo-tile";
import { useHydrated } from "@/components/use-hydrated";
import { usePageLoaded } from "@/components/use-page-loaded";
import { scrollWindowBy } from "@/components/library/scroll-window";

export interface PhotoGridHandle {
  /** Scrolls a photo's tile into view and focuses it (after the viewer closes). */
  focusPhoto: (id: string) => void;
}

const POLL_MS = 3000;
/** Rows past the rendered ones whose photos are fetched ahead. */
const PREFETCH_ROWS_AFTER = 30;
const PREFETCH_ROWS_BEFORE = 12;

function upToOf(row: GridRow): number {
  if (row.kind === "tiles" || row.kind === "placeholder") return row.end;
  return row.index + 1;
}

/** Where the grid starts on the first screen, px from the window's top, a little less than measured. */
const FIRST_SCREEN_GRID_TOP = 100;

/** The header's height, px (the grid scrolls under it). */
function headerHeight(): number {
  return document.querySelector("[data-app-header]")?.getBoundingClientRect().height ?? 0;
}

/**
 * The library as one window-scrolled, virtualized list of rows (day headings and rows of square
 * tiles): only the rows near the viewport exist in the DOM. The scroll height covers every photo
 * from the month counts; months load as their rows come near. When rows above the viewport change
 * height (a month loaded, photos arrived), the scroll position is corrected so the photos in view
 * stay put.
 */
export function PhotoGrid({
  snapshot,
  store,
  selected,
  selecting,
  actions,
  initialViewport,
  ref,
}: {
  snapshot: LibrarySnapshot;
  store: LibraryStore;
  selected: ReadonlySet<string>;
  selecting: boolean;
  actions: TileActions;
  /** The size rendered for on the server and in the first client render, until the grid is measured. */
  initialViewport: InitialViewport;
  ref?: Ref<PhotoGridHandle>;
}) {
  const containerRef = useRef<HTMLDivElement>(null);
  const [width, setWidth] = useState(initialViewport.width);
  const [scrollMargin, setScrollMargin] = useState(0);
  const [header, setHeader] = useState(0);
  const [, rerender] = useReducer((count: number) => count + 1, 0);

  useLayoutEffect(() => {
    const container = containerRef.current;
    if (!container) return;
    const measure = () => {
      const height = headerHeight();
      document.documentElement.style.setProperty("--app-header-height", `${height}px`);
      setHeader(height);
      setWidth(container.clientWidth);
      setScrollMargin(container.getBoundingClientRect().top + window.scrollY);
    };
    // At once, so the first paint after hydration already has the real sizes.
    measure();
    const observer = new ResizeObserver(measure);
    observer.observe(container);
    // Content above the grid (the title row, a notice) moves it without resizing it.
    if (container.parentElement) observer.observe(container.parentElement);
    const headerElement = document.querySelector("[data-app-header]");
    if (headerElement) observer.observe(headerElement);
    return () => observer.disconnect();
  }, []);

  const metrics: GridMetrics = useMemo(() => gridMetrics(width || 360), [width]);
  const { buckets, months } = snapshot;
  const layout = useMemo(() => new GridLayout(buckets ?? [], months, metrics), [buckets, months, metrics]);
  const getItemKey = useCallback((index: number) => layout.keyOf(index), [layout]);
  const estimateSize = useCallback((index: number) => layout.rowHeightOf(index), [layout]);

  const virtualizer = useWindowVirtualizer({
    count: layout.rowCount,
    getItemKey,
    estimateSize,
    overscan: 4,
    scrollMargin,
    // The server (and the first client render, to match it) lays out the first screen for a guess.
    initialRect: initialViewport,
    initialOffset: 0,
  });

  /**
   * Thumbnails of the first screen load at once and first (not lazily): the rows that start above
   * the window's bottom, less the header and the title above the grid (109 px on a phone).
   */
  const eagerBelow = initialViewport.height - FIRST_SCREEN_GRID_TOP;
  /**
   * The rest wait for those: on a slow network (and over HTTP/2, where nothing queues them behind
   * the first screen's) they would otherwise share the line with the thumbnails in view.
   */
  const pageLoaded = usePageLoaded();

  // --- Keeping the photos in view still when the rows above them change -----------------------
  const layoutRef = useRef<GridLayout | null>(null);
  const anchorRef = useRef<Anchor | null>(null);
  /** After a jump the top of the viewport is held (the month asked for), until the reader scrolls. */
  const pinnedTop = useRef<number | null>(null);
  const viewTop = useCallback(() => window.scrollY + header - scrollMargin, [header, scrollMargin]);
  const viewHeight = useCallback(() => window.innerHeight - header, [header]);
  const anchorFor = useCallback(
    (current: GridLayout) =>
      pinnedTop.current === null ? current.anchorAt(viewTop(), viewHeight()) : current.anchorAt(pinnedTop.current),
    [viewTop, viewHeight],
  );

  useLayoutEffect(() => {
    const previous = layoutRef.current;
    layoutRef.current = layout;
    const anchor = anchorRef.current;
    if (previous && previous !== layout && anchor) {
      const before = previous.positionOf(anchor);
      const after = layout.positionOf(anchor);
      if (before !== null && after !== null && Math.abs(after - before) >= 1) {
        // Before paint: the browser shows the corrected position with rows rendered for it.
        scrollWindowBy(virtualizer, after - before);
        if (pinnedTop.current !== null) pinnedTop.current = viewTop();
        rerender();
        return;
      }
    }
    anchorRef.current = anchorFor(layout);
  }, [layout, virtualizer, viewTop, anchorFor]);

  useEffect(() => {
    const onScroll = () => {
      if (pinnedTop.current !== null && Math.abs(viewTop() - pinnedTop.current) > 2) pinnedTop.current = null;
      if (layoutRef.current) anchorRef.current = anchorFor(layoutRef.current);
    };
    window.addEventListener("scroll", onScroll, { passive: true });
    return () => window.removeEventListener("scroll", onScroll);
  }, [viewTop, anchorFor]);

  const scrollToY = useCallback(
    (y: number) => {
      const top = Math.max(0, scrollMargin + y - header);
      pinnedTop.current = top - scrollMargin + header;
      anchorRef.current = layout.anchorAt(pinnedTop.current);
      window.scrollTo({ top, behavior: "instant" });
    },
    [header, layout, scrollMargin],
  );

  const jumpToMonth = useCallback(
    (month: string) => {
      const section = layout.sectionOf(month);
      if (section) scrollToY(section.top);
    },
    [layout, scrollToY],
  );

  // --- Loading what is on screen ---------------------------------------------------------------
  const items = virtualizer.getVirtualItems();
  const firstIndex = items[0]?.index ?? -1;
  const lastIndex = items.at(-1)?.index ?? -1;
  useEffect(() => {
    if (lastIndex < 0) return;
    const needs = new Map<string, number>();
    const add = (index: number) => {
      const row = layout.row(index);
      needs.set(row.month, Math.max(needs.get(row.month) ?? 0, upToOf(row)));
    };
    // Visible rows first, then ahead in the direction of reading, then behind.
    for (let index = firstIndex; index <= lastIndex; index++) add(index);
    for (let index = lastIndex + 1; index < Math.min(layout.rowCount, lastIndex + PREFETCH_ROWS_AFTER); index++) add(index);
    for (let index = firstIndex - 1; index >= Math.max(0, firstIndex - PREFETCH_ROWS_BEFORE); index--) add(index);
    store.setWanted([...needs].map(([month, upTo]): MonthNeed => ({ month, upTo })));
  }, [firstIndex, lastIndex, layout, store]);

  // Tiles still being prepared update by themselves: one steady timer that re-reads the months
  // showing such tiles at each tick (restarting it on every scroll would starve it).
  const processingMonths = useRef<string[]>([]);
  useEffect(() => {
    const months = new Set<string>();
    for (let index = firstIndex; index >= 0 && index <= lastIndex; index++) {
      const row = layout.row(index);
      if (row.kind === "tiles" && row.photos.some((photo) => photo.status === "processing")) months.add(row.month);
    }
    processingMonths.current = [...months];
  }, [firstIndex, lastIndex, layout]);
  useEffect(() => {
    const timer = setInterval(() => {
      if (processingMonths.current.length && document.visibilityState === "visible") store.pollMonths(processingMonths.current);
    }, POLL_MS);
    return () => clearInterval(timer);
  }, [store]);

  useImperativeHandle(
    ref,
    () => ({
      focusPhoto: (id: string) => {
        const here = store.locate(id);
        const index = here ? layout.rowOfPhoto(here.month, here.index) : null;
        const focus = () =>
          document.querySelector<HTMLElement>(`[data-photo-id="${CSS.escape(id)}"] [data-tile-link]`)?.focus({ preventScroll: true });
        if (index === null) return;
        const top = scrollMargin + layout.rowTop(index);
        const bottom = top + layout.rowHeightOf(index);
        if (top < window.scrollY + header || bottom > window.scrollY + window.innerHeight) {
          scrollToY(Math.max(0, layout.rowTop(index) - viewHeight() / 2 + layout.rowHeightOf(index) / 2));
        }
        requestAnimationFrame(() => requestAnimationFrame(focus));
      },
    }),
    [header, layout, scrollMargin, scrollToY, store, viewHeight],
  );

  const today = new Date().toDateString();
  return (
    <>
      <div
        ref={containerRef}
        data-testid="photo-grid"
        className="relative w-full"
        style={{ height: layout.totalHeight }}
      >
        {items.map((item) => {
            const row = layout.row(item.index);
            return (
              <div
                key={item.key}
                data-index={item.index}
                className="absolute top-0 left-0 w-full"
                style={{ height: item.size, transform: `translateY(${item.start - scrollMargin}px)` }}
              >
                <RowView
                  row={row}
                  metrics={metrics}
                  selected={selected}
                  selecting={selecting}
                  actions={actions}
                  store={store}
                  error={months.get(row.month)?.error ?? null}
                  today={today}
                  priority={item.start - scrollMargin < eagerBelow ? "eager" : pageLoaded ? "lazy" : "later"}
                />
              </div>
            );
          })}
      </div>
      <MonthScrubber
        layout={layout}
        viewTop={viewTop}
        viewHeight={viewHeight}
        onScrub={scrollToY}
        onJumpToMonth={jumpToMonth}
      />
    </>
  );
}

const RowView = memo(function RowView({
  row,
  metrics,
  selected,
  selecting,
  actions,
  store,
  error,
  priority,
}: {
  row: GridRow;
  metrics: GridMetrics;
  selected: ReadonlySet<string>;
  selecting: boolean;
  actions: TileActions;
  store: LibraryStore;
  error: string | null;
  /** Re-renders headings when the day changes ("Today"). */
  today: string;
  /** How soon its thumbnails load (see PhotoTile). */
  priority: TilePriority;
}) {
  const hydrated = useHydrated();
  const columns = {
    // Fractions of the row's width (which the tile size was computed from), so the server's
    // guessed width still fills the row until the grid is measured.
    gridTemplateColumns: `repeat(${metrics.columns}, minmax(0, 1fr))`,
    gridTemplateRows: `${metrics.tile}px`,
    gap: metrics.gap,
  };
  switch (row.kind) {
    case "day":
      return (
        <h2 className="flex h-full items-end pb-2.5 pl-1 text-sm font-semibold text-neutral-800 sm:pb-3 sm:text-[0.9375rem] dark:text-neutral-200">
          {hydrated ? formatDay(row.dayKey) : formatDayStable(row.dayKey)}
        </h2>
      );
    case "month":
      return (
        <div className="flex h-full items-end gap-3 pb-2.5 pl-1 sm:pb-3">
          <h2 className="text-sm font-semibold text-neutral-800 sm:text-[0.9375rem] dark:text-neutral-200">
            {hydrated ? formatMonth(row.month) : formatMonthStable(row.month)}
          </h2>
          {error && (
            <p data-testid="month-error" className="flex items-center gap-2 text-sm text-red-700 dark:text-red-300">
              {error}
              <button type="button" onClick={() => store.retryMonth(row.month)} className={retryClass}>
                Retry
              </button>
            </p>
          )}
        </div>
      );
    case "placeholder":
      return (
        <div className="relative grid" style={{ ...columns, height: metrics.tile }}>
          {Array.from({ length: row.end - row.start }, (_, index) => (
            <div key={index} aria-hidden="true" className="bg-neutral-200/70 dark:bg-neutral-800/70" />
          ))}
          {row.first && error && (
            <p
              data-testid="month-error"
              className="absolute inset-x-0 top-2 mx-auto flex w-fit items-center gap-2 rounded-full bg-white px-4 py-2 text-sm text-red-700 shadow dark:bg-neutral-900 dark:text-red-300"
            >
              {error}
              <button type="button" onClick={() => store.retryMonth(row.month)} className={retryClass}>
                Retry
              </button>
            </p>
          )}
        </div>
      );
    case "tiles":
      return (
        <div className="grid" style={{ ...columns, height: metrics.tile }}>
          {row.photos.map((photo) => (
            <PhotoTile
              key={photo.id}
              photo={photo}
              selected={selected.has(photo.id)}
              selecting={selecting}
              actions={actions}
              priority={priority}
            />
          ))}
        </div>
      );
  }
});

const retryClass =
  "rounded-md px-2 py-0.5 font-medium text-indigo-700 underline-offset-2 hover:underline focus-visible:outline-2 focus-visible:outline-indigo-600 dark:text-indigo-300";
