import type { Virtualizer } from "@tanstack/react-virtual";
import { useCallback, useEffect, useLayoutEffect, useReducer, useRef } from "react";
import type { Anchor, GridLayout } from "@/components/library/grid-layout";

/**
 * Scrolls the window by `delta` and tells the virtualizer at once, so the render that follows
 * (still before paint) lays out the rows for the new position instead of waiting for the scroll event.
 */
function scrollWindowBy(virtualizer: Virtualizer<Window, Element>, delta: number) {
  const from = virtualizer.scrollOffset ?? window.scrollY;
  window.scrollTo({ top: Math.max(0, from + delta), behavior: "instant" });
  virtualizer.scrollOffset = window.scrollY;
}

/**
 * Keeps the photos in view still when the rows above them change height (a month loaded, photos
 * arrived): the scroll position is corrected before paint. After a jump (`scrollToY`, the
 * scrubber, a month) the top of the viewport is held until the reader scrolls.
 */
export function useScrollAnchor(
  layout: GridLayout,
  virtualizer: Virtualizer<Window, Element>,
  { header, scrollMargin }: { header: number; scrollMargin: number },
) {
  const [, rerender] = useReducer((count: number) => count + 1, 0);
  const layoutRef = useRef<GridLayout | null>(null);
  const anchorRef = useRef<Anchor | null>(null);
  const pinnedTop = useRef<number | null>(null);
  /** The grid's current top edge under the header, px into the grid, and the visible height. */
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

  /** Scrolls so that this height of the grid is at the top, and holds it there. */
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

  return { viewTop, viewHeight, scrollToY, jumpToMonth };
}
