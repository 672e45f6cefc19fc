import { afterEach, describe, expect, it, vi } from "vitest";
import { LibraryStore } from "@/components/library/library-store";
import { neighbour, peekNeighbour } from "@/components/library/viewer-navigation";
import { photo } from "@/tests/unit/photo-fixture";

const [newest, june, may] = [photo("newest", "2024-06-02T10:00:00Z"), photo("june", "2024-06-01T10:00:00Z"), photo("may", "2024-05-20T10:00:00Z")];

/** A library of three photos over two months, all loaded (as the server renders the first screen). */
const library = () =>
  new LibraryStore({
    buckets: [
      { month: "2024-06", count: 2 },
      { month: "2024-05", count: 1 },
    ],
    firstPage: { photos: [newest, june, may], nextCursor: null },
    renderedAt: Date.now(),
  });

describe("viewer navigation", () => {
  afterEach(() => {
    vi.unstubAllGlobals();
  });

  it("peeks at the next and previous photo across months, null at either end", () => {
    const store = library();
    expect(peekNeighbour(store, "newest", -1)).toBeNull();
    expect(peekNeighbour(store, "newest", 1)?.id).toBe("june");
    expect(peekNeighbour(store, "june", 1)?.id).toBe("may");
    expect(peekNeighbour(store, "may", -1)?.id).toBe("june");
    expect(peekNeighbour(store, "may", 1)).toBeNull();
    expect(peekNeighbour(store, "unknown", 1)).toBeUndefined();
  });

  it("moves to the neighbour without asking the API when its months are loaded", async () => {
    const fetch = vi.fn();
    vi.stubGlobal("fetch", fetch);
    const store = library();
    expect((await neighbour(store, june, 1))?.id).toBe("may");
    expect((await neighbour(store, may, -1))?.id).toBe("june");
    expect(await neighbour(store, may, 1)).toBeNull();
    expect(fetch).not.toHaveBeenCalled();
  });
});
