import { useWindowVirtualizer } from "@tanstack/react-virtual";
import { useCallback, useMemo } from "react";
import { GridLayout, gridMetrics } from "@/components/library/grid-layout";
import type { InitialViewport } from "@/components/library/library-provider";
import type { LibrarySnapshot } from "@/components/library/library-store";

/**
 * The library laid out as rows for its width, and the window virtualizer over them: only the rows
 * near the viewport are rendered.
 */
export function useGridLayout(
  { buckets, months }: LibrarySnapshot,
  { width, scrollMargin, initialViewport }: { width: number; scrollMargin: number; initialViewport: InitialViewport },
) {
  const metrics = useMemo(() => gridMetrics(width || 360), [width]);
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

  return { metrics, layout, virtualizer };
}
