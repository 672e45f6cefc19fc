import { monthOf } from "@/components/library/dates";
import { PAGE_SIZE, type LibraryStore } from "@/components/library/library-store";
import type { Photo } from "@/lib/contract/photos";

/** Finds a photo that was opened by its address before its month was loaded. */
async function locateLoading(store: LibraryStore, photo: Photo) {
  const month = monthOf(photo);
  for (let upTo = PAGE_SIZE; ; upTo += PAGE_SIZE) {
    const found = store.locate(photo.id);
    if (found) return found;
    const data = await store.ensure(month, upTo);
    if (!data || data.complete || data.error || data.photos.length < upTo) return store.locate(photo.id);
  }
}

/** The photo after (1, older) or before (-1, newer) this one in the library, loading as needed. */
export async function neighbour(store: LibraryStore, photo: Photo, direction: 1 | -1): Promise<Photo | null> {
  const here = await locateLoading(store, photo);
  const buckets = store.getSnapshot().buckets ?? [];
  if (!here) return null;
  if (direction === 1) {
    const data = await store.ensure(here.month, here.index + 2);
    const next = data?.photos[here.index + 1];
    if (next) return next;
    for (const bucket of buckets.slice(buckets.findIndex((b) => b.month === here.month) + 1)) {
      const first = (await store.ensure(bucket.month, 1))?.photos[0];
      if (first) return first;
    }
    return null;
  }
  if (here.index > 0) return store.getSnapshot().months.get(here.month)?.photos[here.index - 1] ?? null;
  const earlier = buckets.slice(0, Math.max(0, buckets.findIndex((b) => b.month === here.month))).reverse();
  for (const bucket of earlier) {
    const last = (await store.ensure(bucket.month, Number.MAX_SAFE_INTEGER))?.photos.at(-1);
    if (last) return last;
  }
  return null;
}

/** Without loading: the neighbour if it is already here, null at either end of the library, undefined if unknown. */
export function peekNeighbour(store: LibraryStore, id: string, direction: 1 | -1): Photo | null | undefined {
  const here = store.locate(id);
  const { buckets, months } = store.getSnapshot();
  if (!here || !buckets) return undefined;
  const data = months.get(here.month)!;
  const inMonth = data.photos[here.index + direction];
  if (inMonth) return inMonth;
  const position = buckets.findIndex((bucket) => bucket.month === here.month);
  if (direction === -1) {
    if (position <= 0) return null;
    return months.get(buckets[position - 1]!.month)?.photos.at(-1);
  }
  if (!data.complete) return undefined;
  if (position === buckets.length - 1) return null;
  return months.get(buckets[position + 1]!.month)?.photos[0];
}
