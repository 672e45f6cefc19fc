"use client";

import { useImperativeHandle, useRef, type Ref } from "react";
import { GridRowView } from "@/components/library/grid-row";
import { useLibrary } from "@/components/library/library-provider";
import type { LibrarySnapshot } from "@/components/library/library-store";
import { MonthScrubber } from "@/components/library/month-scrubber";
import type { TileActions } from "@/components/library/photo-tile";
import { useGridLayout } from "@/components/library/use-grid-layout";
import { useGridMeasure } from "@/components/library/use-grid-measure";
import { useMonthLoading } from "@/components/library/use-month-loading";
import { useScrollAnchor } from "@/components/library/use-scroll-anchor";
import { usePageLoaded } from "@/components/use-page-loaded";

export interface PhotoGridHandle {
  /** Scrolls a photo's tile into view and focuses it (after the viewer closes). */
  focusPhoto: (id: string) => void;
}

/** Where the grid starts on the first screen, px from the window's top, a little less than measured. */
const FIRST_SCREEN_GRID_TOP = 100;

/**
 * The library as one window-scrolled, virtualized list of rows (day headings and rows of square
 * tiles): only the rows near the viewport exist in the DOM. The scroll height covers every photo
 * from the month counts; months load as their rows come near. When rows above the viewport change
 * height (a month loaded, photos arrived), the scroll position is corrected so the photos in view
 * stay put.
 */
export function PhotoGrid({
  snapshot,
  selected,
  selecting,
  actions,
  ref,
}: {
  snapshot: LibrarySnapshot;
  selected: ReadonlySet<string>;
  selecting: boolean;
  actions: TileActions;
  ref?: Ref<PhotoGridHandle>;
}) {
  const { store, initialViewport } = useLibrary();
  const containerRef = useRef<HTMLDivElement>(null);
  const { width, scrollMargin, header } = useGridMeasure(containerRef, initialViewport.width);
  const { metrics, layout, virtualizer } = useGridLayout(snapshot, { width, scrollMargin, initialViewport });

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

  const { viewTop, viewHeight, scrollToY, jumpToMonth } = useScrollAnchor(layout, virtualizer, { header, scrollMargin });

  const items = virtualizer.getVirtualItems();
  useMonthLoading(store, layout, items[0]?.index ?? -1, items.at(-1)?.index ?? -1);

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
      <div ref={containerRef} data-testid="photo-grid" className="relative w-full" style={{ height: layout.totalHeight }}>
        {items.map((item) => {
          const row = layout.row(item.index);
          return (
            <div
              key={item.key}
              data-index={item.index}
              className="absolute top-0 left-0 w-full"
              style={{ height: item.size, transform: `translateY(${item.start - scrollMargin}px)` }}
            >
              <GridRowView
                row={row}
                metrics={metrics}
                selected={selected}
                selecting={selecting}
                actions={actions}
                store={store}
                error={snapshot.months.get(row.month)?.error ?? null}
                today={today}
                priority={item.start - scrollMargin < eagerBelow ? "eager" : pageLoaded ? "lazy" : "later"}
              />
            </div>
          );
        })}
      </div>
      <MonthScrubber layout={layout} viewTop={viewTop} viewHeight={viewHeight} onScrub={scrollToY} onJumpToMonth={jumpToMonth} />
    </>
  );
}
