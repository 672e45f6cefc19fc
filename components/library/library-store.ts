import { ApiRequestError } from "@/components/api-client";
import { fetchBuckets, fetchPhotoPage } from "@/components/library/photos-api";
import { monthEnd, monthOf } from "@/components/library/dates";
import type { MonthBucket, Photo, PhotoPage } from "@/lib/contract/photos";

/** What the server rendered the first screen from: the month counts and the newest photos. */
export interface InitialLibrary {
  buckets: MonthBucket[];
  firstPage: PhotoPage;
  /** When the server read them (Date.now() there). */
  renderedAt: number;
}

/** How long after the server render its data is taken as current, instead of read again on mount. */
const INITIAL_FRESH_MS = 60_000;

/** One month's loaded photos, newest first. Replaced (never mutated) on every change. */
export interface MonthData {
  readonly photos: readonly Photo[];
  readonly nextCursor: string | null;
  /** Every photo of the month is in `photos`. */
  readonly complete: boolean;
  /** Loaded before the library last changed: shown until it is reloaded. */
  readonly stale: boolean;
  readonly error: string | null;
  /** When its first page was fetched (Date.now()): thumbnail URLs are signed for about an hour. */
  readonly loadedAt: number;
}

export interface LibrarySnapshot {
  readonly version: number;
  /** Newest month first; null until the first answer. */
  readonly buckets: readonly MonthBucket[] | null;
  readonly bucketsError: string | null;
  readonly months: ReadonlyMap<string, MonthData>;
}

/** What the grid shows needs: the first `upTo` photos of `month`. */
export interface MonthNeed {
  month: string;
  upTo: number;
}

/** Photos a month's page asks for. */
export const PAGE_SIZE = 250;
const MAX_PAGE_SIZE = 500;
const PARALLEL_LOADS = 3;
/** Months loaded longer ago are fetched again when next on screen, before their signed URLs lapse. */
const MONTH_MAX_AGE_MS = 30 * 60_000;
/** Photos kept in memory at most; the months looked at longest ago are dropped (and re-fetched if needed). */
const MAX_LOADED_PHOTOS = 20_000;
const WANT_THROTTLE_MS = 150;

const isOutdated = (data: MonthData) => data.stale || Date.now() - data.loadedAt > MONTH_MAX_AGE_MS;

/** Whether a photo that was processing is now ready, failed, or gone from the month. */
function settledSince(before: readonly Photo[], after: readonly Photo[]): boolean {
  const now = new Map(after.map((photo) => [photo.id, photo.status]));
  return before.some((photo) => photo.status === "processing" && now.get(photo.id) !== "processing");
}

const messageOf = (error: unknown) =>
  error instanceof ApiRequestError ? error.message : "Something went wrong while loading your photos.";

/**
 * The months of the first page (newest first): each month but the last is complete (an older
 * photo follows it); the last continues from the page's cursor, exactly as a month's own page would.
 */
function monthsOfFirstPage(page: PhotoPage): Map<string, MonthData> {
  const grouped = new Map<string, Photo[]>();
  for (const photo of page.photos) {
    const month = monthOf(photo);
    const photos = grouped.get(month);
    if (photos) photos.push(photo);
    else grouped.set(month, [photo]);
  }
  const months = new Map<string, MonthData>();
  const last = [...grouped.keys()].at(-1);
  const loadedAt = Date.now();
  for (const [month, photos] of grouped) {
    const nextCursor = month === last ? page.nextCursor : null;
    months.set(month, { photos, nextCursor, complete: nextCursor === null, stale: false, error: null, loadedAt });
  }
  return months;
}

/**
 * The library as far as it has been loaded: month counts from /photos/buckets and, per month, the
 * photos fetched so far (a page at a time, with `before=` at the month's end). Photos live in
 * per-month arrays, never in one big list, so loading a month or updating one photo only
 * replaces that month's entry. React reads it with useSyncExternalStore.
 */
export class LibraryStore {
  private snapshot: LibrarySnapshot = { version: 0, buckets: null, bucketsError: null, months: new Map() };
  private readonly listeners = new Set<() => void>();
  private readonly inflight = new Map<string, Promise<void>>();
  private wanted: MonthNeed[] = [];
  private running = 0;
  private bucketsRequest: Promise<void> | null = null;
  private bucketsAgain = false;
  private refreshTimer: ReturnType<typeof setTimeout> | undefined;
  private wantedTimer: ReturnType<typeof setTimeout> | undefined;
  private lastWantedPump = 0;
  private readonly lastWanted = new Map<string, number>();
  /** Bumped whenever a month is replaced wholesale, so a page fetched before that is dropped. */
  private readonly generations = new Map<string, number>();
  private readonly initialRenderedAt: number | null = null;

  /** `initial`: what the server rendered with, so the first screen needs no request. */
  constructor(initial?: InitialLibrary | null) {
    if (!initial) return;
    this.snapshot = {
      version: 0,
      buckets: initial.buckets,
      bucketsError: null,
      months: monthsOfFirstPage(initial.firstPage),
    };
    this.initialRenderedAt = initial.renderedAt;
  }

  /**
   * Whether the counts the store started with still stand: a library the server just read. An
   * empty one (the first-run state, cheap) or one rendered a while ago (a page restored from the
   * router's cache) is read again.
   */
  startedCurrent(): boolean {
    if (this.initialRenderedAt === null || !this.snapshot.buckets?.length) return false;
    return Math.abs(Date.now() - this.initialRenderedAt) < INITIAL_FRESH_MS;
  }

  subscribe = (listener: () => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  getSnapshot = () => this.snapshot;

  private commit(change: Partial<Omit<LibrarySnapshot, "version">>) {
    this.snapshot = { ...this.snapshot, ...change, version: this.snapshot.version + 1 };
    for (const listener of this.listeners) listener();
  }

  private setMonth(month: string, data: MonthData | null) {
    const months = new Map(this.snapshot.months);
    if (data) months.set(month, data);
    else months.delete(month);
    this.commit({ months });
  }

  private bucketCount(month: string): number {
    return this.snapshot.buckets?.find((bucket) => bucket.month === month)?.count ?? 0;
  }

  /** Loads (or reloads) the month counts; on failure keeps what was there and records the error. */
  loadBuckets(): Promise<void> {
    if (this.bucketsRequest) {
      // The answer in flight may predate whatever prompted this call: ask again after it.
      this.bucketsAgain = true;
      return this.bucketsRequest;
    }
    this.bucketsRequest = (async () => {
      try {
        const buckets = await fetchBuckets();
        const known = new Set(buckets.map((bucket) => bucket.month));
        const months = new Map<string, MonthData>();
        // Everything loaded may have moved (an upload, a photo whose EXIF date was just read): keep
        // showing it, but reload each month when it is next on screen.
        for (const [month, data] of this.snapshot.months) {
          if (known.has(month)) months.set(month, data.stale ? data : { ...data, stale: true });
        }
        this.commit({ buckets, bucketsError: null, months });
      } catch (error) {
        this.commit({ bucketsError: messageOf(error) });
      } finally {
        this.bucketsRequest = null;
      }
      this.pump();
      if (this.bucketsAgain) {
        this.bucketsAgain = false;
        await this.loadBuckets();
      }
    })();
    return this.bucketsRequest;
  }

  /** Re-reads counts and the months on screen, soon; calls within the delay are merged. */
  scheduleRefresh(delayMs = 400) {
    clearTimeout(this.refreshTimer);
    this.refreshTimer = setTimeout(() => void this.loadBuckets(), delayMs);
  }

  /**
   * The months the grid is showing now, most important first; loads what they lack. At most one
   * pump per WANT_THROTTLE_MS (and one after the last call), so months scrolled straight past are
   * not fetched.
   */
  setWanted(needs: MonthNeed[]) {
    this.wanted = needs;
    const now = Date.now();
    for (const need of needs) this.lastWanted.set(need.month, now);
    const since = Date.now() - this.lastWantedPump;
    if (since >= WANT_THROTTLE_MS) {
      this.lastWantedPump = Date.now();
      this.pump();
    } else if (this.wantedTimer === undefined) {
      this.wantedTimer = setTimeout(() => {
        this.wantedTimer = undefined;
        this.lastWantedPump = Date.now();
        this.pump();
      }, WANT_THROTTLE_MS - since);
    }
  }

  /** Keeps memory bounded however far one scrolls: drops the months looked at longest ago. */
  private evict() {
    let total = 0;
    for (const data of this.snapshot.months.values()) total += data.photos.length;
    if (total <= MAX_LOADED_PHOTOS) return;
    const wanted = new Set(this.wanted.map((need) => need.month));
    const candidates = [...this.snapshot.months.keys()]
      .filter((month) => !wanted.has(month) && !this.inflight.has(month))
      .sort((a, b) => (this.lastWanted.get(a) ?? 0) - (this.lastWanted.get(b) ?? 0));
    const months = new Map(this.snapshot.months);
    for (const month of candidates) {
      if (total <= MAX_LOADED_PHOTOS * 0.8) break;
      total -= months.get(month)!.photos.length;
      months.delete(month);
      this.lastWanted.delete(month);
    }
    this.commit({ months });
  }

  /** Re-reads these months (tiles still being prepared); the counts too once one of them changed. */
  pollMonths(months: Iterable<string>) {
    const next = new Map(this.snapshot.months);
    for (const month of months) {
      const data = next.get(month);
      if (data && !data.stale) next.set(month, { ...data, stale: true });
    }
    this.commit({ months: next });
    this.pump();
  }

  /** The network is back: what failed to load is read again. */
  retryFailed() {
    if (this.snapshot.bucketsError) void this.loadBuckets();
    for (const [month, data] of this.snapshot.months) if (data.error) this.retryMonth(month);
  }

  retryMonth(month: string) {
    const data = this.snapshot.months.get(month);
    if (data?.error) this.setMonth(month, data.photos.length ? { ...data, error: null } : null);
    this.pump();
  }

  private pump() {
    for (const need of this.wanted) {
      if (this.running >= PARALLEL_LOADS) return;
      if (this.inflight.has(need.month)) continue;
      const data = this.snapshot.months.get(need.month);
      if (data?.error) continue;
      if (data && !isOutdated(data) && (data.complete || data.photos.length >= need.upTo)) continue;
      this.running++;
      void this.step(need.month).finally(() => {
        this.running--;
        this.pump();
      });
    }
  }

  /** One request for a month: its first page (new or stale data) or the next one. */
  private step(month: string): Promise<void> {
    const existing = this.inflight.get(month);
    if (existing) return existing;
    const run = (async () => {
      const data = this.snapshot.months.get(month);
      const count = this.bucketCount(month);
      const generation = this.generations.get(month) ?? 0;
      try {
        if (!data || isOutdated(data) || !data.nextCursor) {
          // A little over the count, so photos added since the counts were read come along too.
          const wanted = Math.max(data?.photos.length ?? 0, Math.min(count, PAGE_SIZE)) + 8;
          const page = await fetchPhotoPage({ limit: Math.min(MAX_PAGE_SIZE, wanted), before: monthEnd(month) });
          const photos = page.photos.filter((photo) => monthOf(photo) === month);
          this.generations.set(month, generation + 1);
          // A photo that finished processing may have got its EXIF date and moved to another month.
          if (data && settledSince(data.photos, photos)) this.scheduleRefresh(0);
          this.setMonth(month, {
            photos,
            nextCursor: page.nextCursor,
            complete: page.nextCursor === null || photos.length < page.photos.length,
            stale: false,
            error: null,
            loadedAt: Date.now(),
          });
          this.evict();
        } else {
          const remaining = Math.max(count - data.photos.length, 1);
          const page = await fetchPhotoPage({ limit: Math.min(MAX_PAGE_SIZE, remaining + 8), cursor: data.nextCursor });
          const current = this.snapshot.months.get(month);
          if (!current || (this.generations.get(month) ?? 0) !== generation) return;
          const seen = new Set(current.photos.map((photo) => photo.id));
          const inMonth = page.photos.filter((photo) => monthOf(photo) === month);
          this.setMonth(month, {
            ...current,
            photos: [...current.photos, ...inMonth.filter((photo) => !seen.has(photo.id))],
            nextCursor: page.nextCursor,
            complete: page.nextCursor === null || inMonth.length < page.photos.length,
            error: null,
          });
          this.evict();
        }
      } catch (error) {
        const current = this.snapshot.months.get(month);
        this.setMonth(month, {
          photos: current?.photos ?? [],
          nextCursor: current?.nextCursor ?? null,
          complete: current?.complete ?? false,
          stale: current?.stale ?? false,
          error: messageOf(error),
          loadedAt: current?.loadedAt ?? Date.now(),
        });
      }
    })();
    this.inflight.set(month, run);
    return run.finally(() => this.inflight.delete(month));
  }

  /** Loads `month` until it holds `upTo` photos (or all of them). */
  async ensure(month: string, upTo: number): Promise<MonthData | undefined> {
    for (let attempts = 0; attempts < 1000; attempts++) {
      const pending = this.inflight.get(month);
      if (pending) {
        await pending;
        continue;
      }
      const data = this.snapshot.months.get(month);
      if (data && (data.error || (!isOutdated(data) && (data.complete || data.photos.length >= upTo)))) return data;
      await this.step(month);
    }
    return this.snapshot.months.get(month);
  }

  locate(id: string): { month: string; index: number; photo: Photo } | null {
    for (const [month, data] of this.snapshot.months) {
      const index = data.photos.findIndex((photo) => photo.id === id);
      if (index >= 0) return { month, index, photo: data.photos[index]! };
    }
    return null;
  }

  /** Takes deleted photos out at once, then re-reads the counts. */
  removeLocally(ids: Iterable<string>) {
    const gone = new Set(ids);
    const months = new Map(this.snapshot.months);
    const removedPerMonth = new Map<string, number>();
    for (const [month, data] of months) {
      const photos = data.photos.filter((photo) => !gone.has(photo.id));
      if (photos.length !== data.photos.length) {
        months.set(month, { ...data, photos });
        removedPerMonth.set(month, data.photos.length - photos.length);
      }
    }
    const buckets = this.snapshot.buckets
      ?.map((bucket) => ({ ...bucket, count: bucket.count - (removedPerMonth.get(bucket.month) ?? 0) }))
      .filter((bucket) => bucket.count > 0);
    this.commit({ months, buckets: buckets ?? null });
    this.scheduleRefresh(1500);
  }
}
