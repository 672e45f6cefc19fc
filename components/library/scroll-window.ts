import type { Virtualizer } from "@tanstack/react-virtual";

/**
 * Scrolls the window by `delta` and tells the virtualizer at once, so the render that follows
 * (still before paint) lays out the rows for the new position instead of waiting for the scroll event.
 */
export function scrollWindowBy(virtualizer: Virtualizer<Window, Element>, delta: number) {
  const from = virtualizer.scrollOffset ?? window.scrollY;
  window.scrollTo({ top: Math.max(0, from + delta), behavior: "instant" });
  virtualizer.scrollOffset = window.scrollY;
}
