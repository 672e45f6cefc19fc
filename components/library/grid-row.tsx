"use client";

import { memo } from "react";
import { formatDay, formatDayStable, formatMonth, formatMonthStable } from "@/components/library/dates";
import type { GridMetrics, GridRow } from "@/components/library/grid-layout";
import type { LibraryStore } from "@/components/library/library-store";
import { PhotoTile, type TileActions, type TilePriority } from "@/components/library/photo-tile";
import { useHydrated } from "@/components/use-hydrated";

/** One row of the grid: a day's or a month's heading, a row of tiles, or placeholders for photos not loaded yet. */
export const GridRowView = memo(function GridRowView({
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
            <MonthError message={error} onRetry={() => store.retryMonth(row.month)} className="flex items-center gap-2 text-sm text-red-700 dark:text-red-300" />
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
            <MonthError
              message={error}
              onRetry={() => store.retryMonth(row.month)}
              className="absolute inset-x-0 top-2 mx-auto flex w-fit items-center gap-2 rounded-full bg-white px-4 py-2 text-sm text-red-700 shadow dark:bg-neutral-900 dark:text-red-300"
            />
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

/** A month that could not be loaded: why, and Retry. */
function MonthError({ message, onRetry, className }: { message: string; onRetry: () => void; className: string }) {
  return (
    <p data-testid="month-error" className={className}>
      {message}
      <button
        type="button"
        onClick={onRetry}
        className="rounded-md px-2 py-0.5 font-medium text-indigo-700 underline-offset-2 hover:underline focus-visible:outline-2 focus-visible:outline-indigo-600 dark:text-indigo-300"
      >
        Retry
      </button>
    </p>
  );
}
