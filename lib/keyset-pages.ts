/**
 * Walks a table a page at a time in keyset order: each page is read from just after the last row
 * of the one before (never OFFSET), so a walk over millions of rows holds one page in memory and
 * every page costs what the first did. `readPage` reads at most `take` rows after `after`
 * (undefined for the first page), in the order the key defines.
 */
export async function* keysetPages<Row>(
  readPage: (after: Row | undefined, take: number) => Promise<Row[]>,
  pageSize = 500,
): AsyncGenerator<Row[]> {
  let after: Row | undefined;
  for (;;) {
    const rows = await readPage(after, pageSize);
    if (rows.length > 0) yield rows;
    if (rows.length < pageSize) return;
    after = rows.at(-1);
  }
}

/** The rows of keysetPages one at a time. */
export async function* keysetRows<Row>(readPage: (after: Row | undefined, take: number) => Promise<Row[]>, pageSize?: number): AsyncGenerator<Row> {
  for await (const page of keysetPages(readPage, pageSize)) yield* page;
}
