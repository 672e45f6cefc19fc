import { useLayoutEffect, useState, type RefObject } from "react";

/** The header's height, px (the grid scrolls under it). */
function headerHeight(): number {
  return document.querySelector("[data-app-header]")?.getBoundingClientRect().height ?? 0;
}

/**
 * The grid's width, its top in the page (the virtualizer's scroll margin) and the header's height,
 * measured before the first paint after hydration and again whenever one of them changes. The
 * header's height also goes to `--app-header-height`, which the selection bar and scrubber use.
 */
export function useGridMeasure(containerRef: RefObject<HTMLDivElement | null>, initialWidth: number) {
  const [width, setWidth] = useState(initialWidth);
  const [scrollMargin, setScrollMargin] = useState(0);
  const [header, setHeader] = useState(0);

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
  }, [containerRef]);

  return { width, scrollMargin, header };
}
