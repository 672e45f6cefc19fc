"use client";

import { useEffect, useMemo, useRef, useState, type KeyboardEvent, type PointerEvent } from "react";
import { formatMonth } from "@/components/library/dates";
import type { GridLayout } from "@/components/library/grid-layout";

const shortMonth = (month: string) =>
  new Intl.DateTimeFormat(undefined, { month: "short", timeZone: "UTC" }).format(new Date(`${month}-01T00:00:00Z`));

/** Labels closer than this on the track are dropped so they never overlap. */
const LABEL_SPACING_PX = 20;

/**
 * The month scrubber on the right: year (or month) marks placed where their photos are, a thumb
 * that follows the scroll position, and a bubble naming the month in view while scrolling or
 * dragging. Click or drag on it to jump; as a slider, arrows and Page Up/Down move by month.
 */
export function MonthScrubber({
  layout,
  viewTop,
  viewHeight,
  onScrub,
  onJumpToMonth,
}: {
  layout: GridLayout;
  /** The grid's current top edge under the header, px into the grid, and the visible height. */
  viewTop: () => number;
  viewHeight: () => number;
  /** Scroll so that this height of the grid is at the top. */
  onScrub: (y: number) => void;
  onJumpToMonth: (month: string) => void;
}) {
  const trackRef = useRef<HTMLDivElement>(null);
  const thumbRef = useRef<HTMLDivElement>(null);
  const [trackHeight, setTrackHeight] = useState(0);
  const [current, setCurrent] = useState<string | null>(layout.sections[0]?.month ?? null);
  const [active, setActive] = useState(false);
  const [dragging, setDragging] = useState(false);
  const idleTimer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  const { sections } = layout;

  const scrollable = () => Math.max(1, layout.totalHeight - viewHeight());

  useEffect(() => {
    const track = trackRef.current;
    if (!track) return;
    const observer = new ResizeObserver(() => setTrackHeight(track.clientHeight));
    observer.observe(track);
    setTrackHeight(track.clientHeight);
    return () => observer.disconnect();
  }, []);

  // The thumb follows the scroll position by direct style writes: no React render per frame.
  useEffect(() => {
    let frame: number | null = null;
    const update = () => {
      frame = null;
      const top = viewTop();
      const fraction = Math.min(1, Math.max(0, top / scrollable()));
      if (thumbRef.current) thumbRef.current.style.transform = `translateY(${fraction * trackHeight}px)`;
      // At the very bottom the last months may be too short to reach the top: name the last one.
      const atEnd = window.scrollY + window.innerHeight >= document.documentElement.scrollHeight - 2;
      setCurrent((atEnd ? sections.at(-1) : layout.sectionAt(Math.max(0, top + 1)))?.month ?? null);
    };
    const onScroll = () => {
      frame ??= requestAnimationFrame(update);
      setActive(true);
      clearTimeout(idleTimer.current);
      idleTimer.current = setTimeout(() => setActive(false), 1200);
    };
    update();
    window.addEventListener("scroll", onScroll, { passive: true });
    return () => {
      window.removeEventListener("scroll", onScroll);
      if (frame !== null) cancelAnimationFrame(frame);
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps -- viewTop/viewHeight read live values
  }, [layout, trackHeight]);

  useEffect(() => () => clearTimeout(idleTimer.current), []);

  const labels = useMemo(() => {
    // Not measured yet (and no window on the server): no labels to place.
    if (trackHeight === 0) return [];
    const total = Math.max(1, layout.totalHeight - viewHeight());
    // Years on the track; months only when the whole library is within one year.
    const byMonth = new Set(sections.map((section) => section.month.slice(0, 4))).size <= 1;
    const placed: { month: string; text: string; y: number }[] = [];
    let lastYear = "";
    for (const section of sections) {
      const year = section.month.slice(0, 4);
      if (!byMonth && year === lastYear) continue;
      lastYear = year;
      const y = Math.min(1, section.top / total) * trackHeight;
      const previous = placed.at(-1);
      if (previous && y - previous.y < LABEL_SPACING_PX) continue;
      placed.push({ month: section.month, text: byMonth ? shortMonth(section.month) : year, y });
    }
    return placed;
    // eslint-disable-next-line react-hooks/exhaustive-deps -- viewHeight reads the window size
  }, [layout, sections, trackHeight]);

  if (sections.length === 0) return null;
  const currentIndex = Math.max(0, sections.findIndex((section) => section.month === current));
  const currentLabel = current ? formatMonth(current) : "";

  const scrubTo = (clientY: number) => {
    const track = trackRef.current;
    if (!track) return;
    const rect = track.getBoundingClientRect();
    const fraction = Math.min(1, Math.max(0, (clientY - rect.top) / rect.height));
    onScrub(fraction * scrollable());
  };

  const onPointerDown = (event: PointerEvent<HTMLDivElement>) => {
    if (event.button !== 0) return;
    // On a touch screen only the thumb grabs: a swipe along the edge of the screen still scrolls.
    if (event.pointerType === "touch" && !(event.target as Element).closest("[data-scrubber-handle]")) return;
    event.preventDefault();
    event.currentTarget.setPointerCapture(event.pointerId);
    setDragging(true);
    scrubTo(event.clientY);
  };

  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    const step = { ArrowDown: 1, ArrowRight: 1, PageDown: 3, ArrowUp: -1, ArrowLeft: -1, PageUp: -3 }[event.key];
    let target: number | null = step === undefined ? null : currentIndex + step;
    if (event.key === "Home") target = 0;
    if (event.key === "End") target = sections.length - 1;
    if (target === null) return;
    event.preventDefault();
    const section = sections[Math.min(sections.length - 1, Math.max(0, target))];
    if (!section) return;
    setCurrent(section.month);
    onJumpToMonth(section.month);
  };

  const showBubble = active || dragging;

  return (
    <div
      className="fixed top-[var(--app-header-height,3.5rem)] right-0 bottom-0 z-20 w-6 sm:w-14"
      data-testid="month-scrubber"
    >
      <div
        ref={trackRef}
        role="slider"
        tabIndex={0}
        aria-label="Jump to month"
        aria-orientation="vertical"
        aria-valuemin={0}
        aria-valuemax={sections.length - 1}
        aria-valuenow={currentIndex}
        aria-valuetext={currentLabel}
        onPointerDown={onPointerDown}
        onPointerMove={(event) => {
          if (dragging) scrubTo(event.clientY);
        }}
        onPointerUp={() => setDragging(false)}
        onPointerCancel={() => setDragging(false)}
        onKeyDown={onKeyDown}
        onMouseEnter={() => setActive(true)}
        onMouseLeave={() => {
          clearTimeout(idleTimer.current);
          idleTimer.current = setTimeout(() => setActive(false), 600);
        }}
        className="group absolute inset-x-0 top-3 bottom-6 cursor-ns-resize touch-pan-y outline-none select-none focus-visible:rounded-md focus-visible:ring-2 focus-visible:ring-indigo-500"
      >
        {labels.map((label) => (
          <span
            key={label.month}
            aria-hidden="true"
            className="pointer-events-none absolute right-4 hidden -translate-y-1/2 text-[0.6875rem] whitespace-nowrap font-medium text-neutral-500 tabular-nums sm:block dark:text-neutral-400"
            style={{ top: label.y }}
          >
            {label.text}
          </span>
        ))}
        <div ref={thumbRef} className="pointer-events-none absolute inset-x-0 top-0 h-0">
          <span
            className={`absolute right-1 -translate-y-1/2 rounded-full bg-indigo-600 transition-[width,height,opacity] dark:bg-indigo-400 ${
              showBubble ? "h-10 w-1.5 opacity-100 sm:h-8" : "h-8 w-1.5 opacity-60 sm:h-6 sm:w-1 sm:opacity-100"
            }`}
          />
          {/* The part a finger can take hold of. */}
          <span data-scrubber-handle="" className="pointer-events-auto absolute right-0 h-14 w-8 -translate-y-1/2 touch-none" />
          <span
            data-testid="scrubber-month"
            aria-hidden="true"
            className={`absolute right-5 -translate-y-1/2 rounded-full bg-neutral-900 px-3 py-1.5 text-xs font-semibold whitespace-nowrap text-white shadow-lg transition-opacity sm:right-14 dark:bg-white dark:text-neutral-900 ${
              showBubble ? "opacity-100" : "opacity-0"
            }`}
          >
            {currentLabel}
          </span>
        </div>
      </div>
    </div>
  );
}
