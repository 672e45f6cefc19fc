import { useEffect, useRef } from "react";
import type { GridLayout, GridRow } from "@/components/library/grid-layout";
import type { LibraryStore, MonthNeed } from "@/components/library/library-store";

const POLL_MS = 3000;
/** Rows past the rendered ones whose photos are fetched ahead. */
const PREFETCH_ROWS_AFTER = 30;
const PREFETCH_ROWS_BEFORE = 12;

function upToOf(row: GridRow): number {
  if (row.kind === "tiles" || row.kind === "placeholder") return row.end;
  return row.index + 1;
}

/**
 * Loads what the rendered rows `firstIndex`–`lastIndex` show: their months first, then ahead in the
 * direction of reading, then behind. Tiles still being prepared update by themselves: one steady
 * timer re-reads the months showing such tiles at each tick (restarting it on every scroll would starve it).
 */
export function useMonthLoading(store: LibraryStore, layout: GridLayout, firstIndex: number, lastIndex: number) {
  useEffect(() => {
    if (lastIndex < 0) return;
    const needs = new Map<string, number>();
    const add = (index: number) => {
      const row = layout.row(index);
      needs.set(row.month, Math.max(needs.get(row.month) ?? 0, upToOf(row)));
    };
    for (let index = firstIndex; index <= lastIndex; index++) add(index);
    for (let index = lastIndex + 1; index < Math.min(layout.rowCount, lastIndex + PREFETCH_ROWS_AFTER); index++) add(index);
    for (let index = firstIndex - 1; index >= Math.max(0, firstIndex - PREFETCH_ROWS_BEFORE); index--) add(index);
    store.setWanted([...needs].map(([month, upTo]): MonthNeed => ({ month, upTo })));
  }, [firstIndex, lastIndex, layout, store]);

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
}
