import { describe, expect, it } from "vitest";
import { keysetPages, keysetRows } from "@/lib/keyset-pages";

/** A table of ids 1..n read as a keyset query would: ids after the last one seen, in order. */
function table(n: number) {
  const reads: (number | undefined)[] = [];
  const readPage = async (after: { id: number } | undefined, take: number) => {
    reads.push(after?.id);
    return Array.from({ length: n }, (_, index) => ({ id: index + 1 }))
      .filter((row) => row.id > (after?.id ?? 0))
      .slice(0, take);
  };
  return { readPage, reads };
}

describe(keysetPages.name, () => {
  it("reads each page after the last row of the one before, and stops at a short page", async () => {
    const { readPage, reads } = table(7);
    const pages = [];
    for await (const page of keysetPages(readPage, 3)) pages.push(page.map((row) => row.id));
    expect(pages).toEqual([[1, 2, 3], [4, 5, 6], [7]]);
    expect(reads).toEqual([undefined, 3, 6]);
  });

  it("reads once more after a full last page, and yields no empty page", async () => {
    const { readPage, reads } = table(6);
    const ids = [];
    for await (const row of keysetRows(readPage, 3)) ids.push(row.id);
    expect(ids).toEqual([1, 2, 3, 4, 5, 6]);
    expect(reads).toEqual([undefined, 3, 6]);
  });
});
