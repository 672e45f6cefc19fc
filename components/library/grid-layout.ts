import { dayKeyOf } from "@/components/library/dates";
import type { MonthData } from "@/components/library/library-store";
import type { MonthBucket, Photo } from "@/lib/contract/photos";

/** Tile size and spacing for a grid width. */
export interface GridMetrics {
  columns: number;
  /** Side of a square tile, px. */
  tile: number;
  gap: number;
  headerHeight: number;
}

/** ≈ 3 columns on a 360 px phone, 6–10 on a laptop or desktop, more on 4K. */
export function gridMetrics(width: number): GridMetrics {
  const gap = width < 640 ? 2 : 4;
  const target = width < 640 ? 116 : width < 1024 ? 150 : width < 2000 ? 180 : 210;
  const columns = Math.max(3, Math.round((width + gap) / (target + gap)));
  const tile = Math.max(40, (width - gap * (columns - 1)) / columns);
  return { columns, tile, gap, headerHeight: width < 640 ? 44 : 52 };
}

export type GridRow =
  /** A day's heading; `index` is the month position of the day's first photo. */
  | { kind: "day"; key: string; month: string; dayKey: string; index: number }
  /** Photos [start, end) of the month. */
  | { kind: "tiles"; key: string; month: string; start: number; end: number; photos: readonly Photo[] }
  /** Stands in for a month's first heading until the month loads. */
  | { kind: "month"; key: string; month: string; index: 0 }
  /** Stands in for photos [start, end) of a month that are not loaded yet. */
  | { kind: "placeholder"; key: string; month: string; start: number; end: number; first: boolean };

interface Section {
  month: string;
  count: number;
  data: MonthData | undefined;
  firstRow: number;
  rowCount: number;
  top: number;
  height: number;
  /** Rows of the loaded photos, with their tops relative to the section. */
  loadedRows: GridRow[];
  loadedTops: number[];
  loadedHeight: number;
  /** Month position of the first photo that placeholders stand for. */
  placeholderFrom: number;
  placeholderRows: number;
  /** The month heading shown while nothing of the month is loaded. */
  monthHeading: boolean;
}

/** A place in the grid that survives re-layouts: a photo position in a month, and heading or not. */
export interface Anchor {
  month: string;
  index: number;
  heading: boolean;
  /** The viewport's top relative to the top of that row, px (negative when the row starts lower). */
  within: number;
}

/** Rows per loaded month, kept while neither the month's data nor the column count change. */
const rowCache = new WeakMap<MonthData, { columns: number; rows: GridRow[] }>();

function rowsOfLoadedPhotos(month: string, data: MonthData, columns: number): GridRow[] {
  const cached = rowCache.get(data);
  if (cached?.columns === columns) return cached.rows;
  const rows: GridRow[] = [];
  const { photos } = data;
  let start = 0;
  while (start < photos.length) {
    const dayKey = dayKeyOf(photos[start]!);
    let end = start + 1;
    while (end < photos.length && dayKeyOf(photos[end]!) === dayKey) end++;
    rows.push({ kind: "day", key: `${month}/d/${photos[start]!.id}`, month, dayKey, index: start });
    for (let rowStart = start; rowStart < end; rowStart += columns) {
      const rowEnd = Math.min(end, rowStart + columns);
      rows.push({
        kind: "tiles",
        key: `${month}/r/${photos[rowStart]!.id}`,
        month,
        start: rowStart,
        end: rowEnd,
        photos: photos.slice(rowStart, rowEnd),
      });
    }
    start = end;
  }
  rowCache.set(data, { columns, rows });
  return rows;
}

/**
 * The grid as rows for the virtualizer: every month of the buckets, loaded or not, so the scroll
 * height is known from the start. A loaded month is day headings and rows of tiles; the rest of a
 * month is placeholder rows sized from its count. Rows are made on demand, so a 100,000-photo
 * library costs the rows of the months that were loaded, not one object per row.
 */
export class GridLayout {
  readonly sections: Section[] = [];
  readonly rowCount: number;
  readonly totalHeight: number;
  private readonly rowHeight: number;

  constructor(
    buckets: readonly MonthBucket[],
    months: ReadonlyMap<string, MonthData>,
    readonly metrics: GridMetrics,
  ) {
    const { columns, tile, gap, headerHeight } = metrics;
    this.rowHeight = tile + gap;
    let firstRow = 0;
    let top = 0;
    for (const { month, count } of buckets) {
      const data = months.get(month);
      const loadedRows = data ? rowsOfLoadedPhotos(month, data, columns) : [];
      const loadedTops: number[] = [];
      let loadedHeight = 0;
      for (const row of loadedRows) {
        loadedTops.push(loadedHeight);
        loadedHeight += row.kind === "day" ? headerHeight : this.rowHeight;
      }
      const loaded = data?.photos.length ?? 0;
      const missing = data?.complete ? 0 : Math.max(0, count - loaded);
      const monthHeading = loaded === 0 && missing > 0;
      const placeholderRows = Math.ceil(missing / columns);
      const rowCount = loadedRows.length + (monthHeading ? 1 : 0) + placeholderRows;
      if (rowCount === 0) continue;
      const height = loadedHeight + (monthHeading ? headerHeight : 0) + placeholderRows * this.rowHeight;
      this.sections.push({
        month,
        count,
        data,
        firstRow,
        rowCount,
        top,
        height,
        loadedRows,
        loadedTops,
        loadedHeight,
        placeholderFrom: loaded,
        placeholderRows,
        monthHeading,
      });
      firstRow += rowCount;
      top += height;
    }
    this.rowCount = firstRow;
    this.totalHeight = top;
  }

  /** The virtualizer walks rows in order: the last section found is usually the next answer. */
  private lastSection = 0;

  private sectionOfRow(row: number): Section {
    const last = this.sections[this.lastSection];
    if (last && row >= last.firstRow && row < last.firstRow + last.rowCount) return last;
    let low = 0;
    let high = this.sections.length - 1;
    while (low < high) {
      const middle = (low + high + 1) >> 1;
      if (this.sections[middle]!.firstRow <= row) low = middle;
      else high = middle - 1;
    }
    this.lastSection = low;
    return this.sections[low]!;
  }

  sectionAt(y: number): Section | undefined {
    let low = 0;
    let high = this.sections.length - 1;
    if (high < 0) return undefined;
    while (low < high) {
      const middle = (low + high + 1) >> 1;
      if (this.sections[middle]!.top <= y) low = middle;
      else high = middle - 1;
    }
    return this.sections[low];
  }

  sectionOf(month: string): Section | undefined {
    return this.sections.find((section) => section.month === month);
  }

  row(index: number): GridRow {
    const section = this.sectionOfRow(index);
    const local = index - section.firstRow;
    if (local < section.loadedRows.length) return section.loadedRows[local]!;
    let placeholder = local - section.loadedRows.length;
    if (section.monthHeading) {
      if (placeholder === 0) return { kind: "month", key: `${section.month}/m`, month: section.month, index: 0 };
      placeholder--;
    }
    const start = section.placeholderFrom + placeholder * this.metrics.columns;
    const end = Math.min(section.count, start + this.metrics.columns);
    return { kind: "placeholder", key: `${section.month}/p/${placeholder}`, month: section.month, start, end, first: placeholder === 0 };
  }

  /** The virtualizer's key for a row; like `row(index).key` without building the row. */
  keyOf(index: number): string {
    const section = this.sectionOfRow(index);
    const local = index - section.firstRow;
    if (local < section.loadedRows.length) return section.loadedRows[local]!.key;
    const placeholder = local - section.loadedRows.length - (section.monthHeading ? 1 : 0);
    return placeholder < 0 ? `${section.month}/m` : `${section.month}/p/${placeholder}`;
  }

  rowHeightOf(index: number): number {
    const section = this.sectionOfRow(index);
    const local = index - section.firstRow;
    if (local < section.loadedRows.length) {
      return section.loadedRows[local]!.kind === "day" ? this.metrics.headerHeight : this.rowHeight;
    }
    return section.monthHeading && local === section.loadedRows.length ? this.metrics.headerHeight : this.rowHeight;
  }

  /** Top of a row, px from the top of the grid. */
  rowTop(index: number): number {
    const section = this.sectionOfRow(index);
    const local = index - section.firstRow;
    if (local < section.loadedRows.length) return section.top + section.loadedTops[local]!;
    let offset = section.loadedHeight;
    let placeholder = local - section.loadedRows.length;
    if (section.monthHeading) {
      if (placeholder === 0) return section.top + offset;
      offset += this.metrics.headerHeight;
      placeholder--;
    }
    return section.top + offset + placeholder * this.rowHeight;
  }

  /** The row at a height in the grid. */
  rowAt(y: number): number {
    const section = this.sectionAt(y);
    if (!section) return 0;
    const inside = Math.max(0, y - section.top);
    if (inside < section.loadedHeight) {
      let low = 0;
      let high = section.loadedTops.length - 1;
      while (low < high) {
        const middle = (low + high + 1) >> 1;
        if (section.loadedTops[middle]! <= inside) low = middle;
        else high = middle - 1;
      }
      return section.firstRow + low;
    }
    let rest = inside - section.loadedHeight;
    let local = section.loadedRows.length;
    if (section.monthHeading) {
      if (rest < this.metrics.headerHeight) return section.firstRow + local;
      rest -= this.metrics.headerHeight;
      local++;
    }
    const placeholder = Math.min(section.placeholderRows - 1, Math.floor(rest / this.rowHeight));
    return section.firstRow + local + Math.max(0, placeholder);
  }

  /** The row showing a month's photo at `index` (its day heading with `heading`). */
  rowOfPhoto(month: string, index: number, heading = false): number | null {
    const section = this.sectionOf(month);
    if (!section) return null;
    const rows = section.loadedRows;
    for (let local = 0; local < rows.length; local++) {
      const row = rows[local]!;
      if (heading && row.kind === "day" && row.index === index) return section.firstRow + local;
      if (row.kind === "tiles" && index >= row.start && index < row.end) return section.firstRow + local;
    }
    let local = rows.length;
    if (section.monthHeading) {
      if (heading) return section.firstRow + local;
      local++;
    }
    if (index < section.placeholderFrom) return section.firstRow + Math.max(0, rows.length - 1);
    const placeholder = Math.floor((index - section.placeholderFrom) / this.metrics.columns);
    return section.firstRow + Math.min(section.rowCount - 1, local + placeholder);
  }

  /**
   * What to hold still while the layout changes, for a viewport from `y` to `y + height`: the first
   * row on screen with photos (or a day heading) in it: placeholders are about to be replaced,
   * photos are what the reader is looking at. With none on screen, the top row.
   */
  anchorAt(y: number, height = 0): Anchor | null {
    if (this.rowCount === 0 || y <= 0) return null;
    const first = this.rowAt(y);
    for (let index = first; index < this.rowCount && index < first + 200; index++) {
      const top = this.rowTop(index);
      if (index > first && top >= y + height) break;
      const row = this.row(index);
      if (row.kind === "tiles") return { month: row.month, index: row.start, heading: false, within: y - top };
      if (row.kind === "day") return { month: row.month, index: row.index, heading: true, within: y - top };
    }
    const row = this.row(first);
    const within = y - this.rowTop(first);
    if (row.kind === "month") return { month: row.month, index: 0, heading: true, within };
    return { month: row.month, index: row.kind === "placeholder" || row.kind === "tiles" ? row.start : row.index, heading: false, within };
  }

  /** Where an anchor taken in another layout of the same library is now, px from the top of the grid. */
  positionOf(anchor: Anchor): number | null {
    const index = this.rowOfPhoto(anchor.month, anchor.index, anchor.heading);
    if (index === null) return null;
    return this.rowTop(index) + (anchor.within < 0 ? anchor.within : Math.min(anchor.within, this.rowHeightOf(index)));
  }
}
