import { describe, expect, it } from "vitest";
import { dayKeyOf, monthEnd, monthOf, wallClock } from "@/components/library/dates";
import { GridLayout, gridMetrics } from "@/components/library/grid-layout";
import type { MonthData } from "@/components/library/library-store";
import type { Photo } from "@/lib/contract/photos";
import { photo } from "@/tests/unit/photo-fixture";

const loaded = (photos: Photo[], complete = true): MonthData => ({
  photos,
  nextCursor: complete ? null : "next",
  complete,
  stale: false,
  error: null,
  loadedAt: 0,
});

const metrics = { columns: 3, tile: 100, gap: 0, headerHeight: 40 };

describe("dates", () => {
  it("reads the wall clock as takenAt plus the recorded offset, or takenAt itself", () => {
    expect(wallClock(photo("a", "2024-05-31T23:30:00.000Z", "+02:00")).toISOString()).toBe("2024-06-01T01:30:00.000Z");
    expect(wallClock(photo("b", "2024-05-31T23:30:00.000Z", "-05:30")).toISOString()).toBe("2024-05-31T18:00:00.000Z");
    expect(dayKeyOf(photo("c", "2024-05-31T23:30:00.000Z"))).toBe("2024-05-31");
    // The bucket stays the UTC month of the instant, as the API counts it.
    expect(monthOf(photo("d", "2024-05-31T23:30:00.000Z", "+02:00"))).toBe("2024-05");
  });

  it("gives the first instant after a month for before=", () => {
    expect(monthEnd("2024-05")).toBe("2024-06-01T00:00:00.000Z");
    expect(monthEnd("2024-12")).toBe("2025-01-01T00:00:00.000Z");
  });
});

describe("gridMetrics", () => {
  it.each([
    [360, 3, 4],
    [1280, 6, 8],
    [1920, 9, 11],
    [3840, 16, 20],
  ])("fits a %d px wide grid with %d to %d columns", (width, min, max) => {
    const { columns, tile, gap } = gridMetrics(width);
    expect(columns).toBeGreaterThanOrEqual(min);
    expect(columns).toBeLessThanOrEqual(max);
    expect(columns * tile + (columns - 1) * gap).toBeCloseTo(width, 5);
  });
});

describe("GridLayout", () => {
  const may = [
    photo("m1", "2024-05-20T10:00:00.000Z"),
    photo("m2", "2024-05-20T09:00:00.000Z"),
    photo("m3", "2024-05-20T08:00:00.000Z"),
    photo("m4", "2024-05-20T07:00:00.000Z"),
    photo("m5", "2024-05-02T07:00:00.000Z"),
  ];
  const buckets = [
    { month: "2024-05", count: 5 },
    { month: "2024-04", count: 7 },
  ];

  it("sizes months that are not loaded from their counts, and loaded ones as days of tile rows", () => {
    const layout = new GridLayout(buckets, new Map(), metrics);
    // Each month: a heading and ceil(count / 3) rows.
    expect(layout.rowCount).toBe(1 + 2 + 1 + 3);
    expect(layout.totalHeight).toBe(40 + 200 + 40 + 300);
    expect(layout.row(0)).toMatchObject({ kind: "month", month: "2024-05" });
    expect(layout.row(6)).toMatchObject({ kind: "placeholder", month: "2024-04", start: 6, end: 7 });

    const withMay = new GridLayout(buckets, new Map([["2024-05", loaded(may)]]), metrics);
    expect(withMay.sections[0]!.rowCount).toBe(1 + 2 + 1 + 1);
    expect(withMay.row(0)).toMatchObject({ kind: "day", dayKey: "2024-05-20", index: 0 });
    expect(withMay.row(1)).toMatchObject({ kind: "tiles", start: 0, end: 3 });
    expect(withMay.row(2)).toMatchObject({ kind: "tiles", start: 3, end: 4 });
    expect(withMay.row(3)).toMatchObject({ kind: "day", dayKey: "2024-05-02", index: 4 });
  });

  it("keeps placeholders for the part of a month not loaded yet", () => {
    const layout = new GridLayout([{ month: "2024-05", count: 10 }], new Map([["2024-05", loaded(may.slice(0, 4), false)]]), metrics);
    // A day heading, two tile rows, then 6 missing photos in 2 placeholder rows.
    expect(layout.rowCount).toBe(5);
    expect(layout.row(3)).toMatchObject({ kind: "placeholder", start: 4, end: 7, first: true });
    expect(layout.row(4)).toMatchObject({ kind: "placeholder", start: 7, end: 10, first: false });
  });

  it("answers keys, heights and positions consistently", () => {
    const layout = new GridLayout(buckets, new Map([["2024-05", loaded(may)]]), metrics);
    let top = 0;
    for (let index = 0; index < layout.rowCount; index++) {
      expect(layout.keyOf(index)).toBe(layout.row(index).key);
      expect(layout.rowTop(index)).toBe(top);
      expect(layout.rowAt(top + 1)).toBe(index);
      top += layout.rowHeightOf(index);
    }
    expect(top).toBe(layout.totalHeight);
    expect(new Set(Array.from({ length: layout.rowCount }, (_, index) => layout.keyOf(index))).size).toBe(layout.rowCount);
  });

  it("finds the same photos after the rows above them change", () => {
    const april = Array.from({ length: 7 }, (_, index) => photo(`a${index}`, `2024-04-${String(20 - index).padStart(2, "0")}T10:00:00.000Z`));
    const before = new GridLayout(buckets, new Map([["2024-04", loaded(april)]]), metrics);
    // Looking at April's third day; May above is not loaded.
    const y = before.rowTop(before.rowOfPhoto("2024-04", 2, true)!) + 5;
    const anchor = before.anchorAt(y)!;
    expect(anchor).toMatchObject({ month: "2024-04", index: 2, heading: true, within: 5 });

    const after = new GridLayout(buckets, new Map([["2024-05", loaded(may)], ["2024-04", loaded(april)]]), metrics);
    // May grew from 3 rows (240 px) to 2 days (2 headings + 3 rows = 380 px): the anchor moved by 140 px.
    expect(after.positionOf(anchor)! - before.positionOf(anchor)!).toBe(140);
  });

  it("anchors on photos in view rather than placeholders above them", () => {
    const layout = new GridLayout(buckets, new Map([["2024-04", loaded([photo("a0", "2024-04-20T10:00:00.000Z")])]]), metrics);
    // The viewport starts in May's placeholder rows; April's photos are lower in it.
    const y = 50;
    const anchor = layout.anchorAt(y, 500)!;
    expect(anchor).toMatchObject({ month: "2024-04", heading: true });
    expect(anchor.within).toBeLessThan(0);
    expect(layout.positionOf(anchor)).toBe(y);
    // With no height, the top row: a jump holds the month it went to.
    expect(layout.anchorAt(y)).toMatchObject({ month: "2024-05", heading: false, index: 0 });
  });
});
