import {
  foundInLibrary,
  hashed,
  interrupted,
  isDue,
  isPending,
  lostBytes,
  newEntries,
  retryFailed,
  retryNow,
  sending,
  settle,
  startAttempt,
  summarize,
  type AttemptOutcome,
  type BackupEntry,
  type BackupSource,
  type BackupEntryStatus,
  type BackupSummary,
  type QueuedFile,
} from "@/components/backup/backup-entry";

/** The Background Sync tag the pages register while files wait, and the service worker answers. */
export const BACKUP_SYNC_TAG = "photo-backup";

/**
 * Thrown by a transport whose own code could not be loaded (the network dropped before it came):
 * the file is fine and is tried again later, as after any other network failure.
 */
export class TransportUnavailableError extends Error {}

/** Where the queue keeps its entries (IndexedDB in the browser). */
export interface BackupStorage {
  /** Returns the entries saved without their bytes (no room). */
  saveEntries(entries: readonly BackupEntry[]): Promise<BackupEntry[]>;
  loadEntries(): Promise<BackupEntry[]>;
  deleteEntries(ids: readonly string[]): Promise<void>;
  readLastBackupAt(owner: string): Promise<number | null>;
  writeLastBackupAt(owner: string, at: number): Promise<void>;
}

export interface SendEvents {
  onProgress(fraction: number): void;
  /** A resumable upload was created on the server: where to resume it after an interruption. */
  onResumeUrl(url: string): void;
}

/** How the queue hashes files and talks to the server. */
export interface BackupTransport {
  hash(file: Blob): Promise<string>;
  findExisting(hashes: string[]): Promise<Set<string>>;
  send(entry: BackupEntry & { file: Blob }, events: SendEvents, signal: AbortSignal): Promise<AttemptOutcome>;
  /** The outcome to record when hashing or checking failed for a reason other than the file. */
  unavailable(): AttemptOutcome;
}

export interface BackupItem {
  readonly id: string;
  readonly name: string;
  readonly size: number;
  readonly status: BackupEntryStatus;
  /** 0–1 of the bytes sent, while uploading. */
  readonly progress: number;
  readonly message: string | null;
}

export interface BackupSnapshot {
  readonly items: readonly BackupItem[];
  readonly summary: BackupSummary;
  /** "runner": this page uploads; "follower": another tab of the app does, this one shows its progress. */
  readonly role: "starting" | "runner" | "follower";
  readonly lastBackupAt: number | null;
}

const PARALLEL_UPLOADS = 3;
/** One tab at a time uploads; the others wait for the lock and take over when that tab closes. */
const LOCK_NAME = "photo-backup:uploads";
const CHANNEL_NAME = "photo-backup:queue";
/** Backed-up entries older than this are dropped from the list when the app opens. */
const KEEP_FINISHED_MS = 7 * 24 * 60 * 60_000;

type Message = { type: "changed" };

/**
 * The persistent backup queue: files are written to storage before anything is sent, hashed,
 * skipped when the library has them, then uploaded a few at a time with progress, retried with
 * backoff while the network or server is down, and failed with the server's reason when refused.
 * It resumes by itself on start, when the network returns and when the page comes back to the
 * foreground; Web Locks make sure only one tab uploads.
 */
export class BackupQueue {
  private entries = new Map<string, BackupEntry>();
  /** Bytes of entries the browser had no room to store: kept for this visit. */
  private readonly memoryFiles = new Map<string, Blob>();
  private readonly progress = new Map<string, number>();
  private readonly running = new Map<string, AbortController>();
  private readonly listeners = new Set<() => void>();
  private readonly uploadedListeners = new Set<(photoId: string | null) => void>();
  private role: BackupSnapshot["role"] = "starting";
  private lastBackupAt: number | null = null;
  private snapshot: BackupSnapshot = {
    items: [],
    summary: summarize([]),
    role: "starting",
    lastBackupAt: null,
  };
  private frame: number | null = null;
  private retryTimer: ReturnType<typeof setTimeout> | null = null;
  private channel: BroadcastChannel | null = null;
  private releaseLock: (() => void) | null = null;
  private stopped = false;
  private persistRequested = false;
  private readonly cleanups: (() => void)[] = [];
  /** Resolved when the queue has nothing running and nothing due (see drain). */
  private idleWaiters: (() => void)[] = [];

  constructor(
    readonly owner: string,
    private readonly storage: BackupStorage,
    private readonly transport: BackupTransport,
    private readonly options: { parallel?: number; now?: () => number; random?: () => number; useLocks?: boolean } = {},
  ) {}

  private now = () => (this.options.now ?? Date.now)();

  subscribe = (listener: () => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  getSnapshot = () => this.snapshot;

  /** Called with the new photo's id each time a file is added to the library. */
  onUploaded(listener: (photoId: string | null) => void) {
    this.uploadedListeners.add(listener);
    return () => void this.uploadedListeners.delete(listener);
  }

  /** Loads the queue, takes the upload lock when free and resumes; idempotent. */
  async start(): Promise<void> {
    if (this.role !== "starting" || this.channel) return;
    this.channel = typeof BroadcastChannel === "undefined" ? null : new BroadcastChannel(CHANNEL_NAME);
    this.channel?.addEventListener("message", (event: MessageEvent<Message>) => {
      if (event.data?.type === "changed") void this.reload();
    });
    this.listen();
    this.lastBackupAt = await this.storage.readLastBackupAt(this.owner);
    await this.reload();

    const locks = this.options.useLocks === false ? undefined : globalThis.navigator?.locks;
    if (!locks) {
      await this.becomeRunner();
      return;
    }
    this.role = "follower";
    this.emit({ now: true });
    void locks
      .request(LOCK_NAME, () => {
        if (this.stopped) return;
        void this.becomeRunner();
        return new Promise<void>((resolve) => (this.releaseLock = resolve));
      })
      .catch(() => this.becomeRunner());
  }

  /**
   * For a service worker woken by Background Sync with no page open: uploads what is due unless a
   * page is uploading, and resolves, with what is left, once nothing more can be tried now.
   */
  async drain(): Promise<BackupSummary> {
    this.channel = typeof BroadcastChannel === "undefined" ? null : new BroadcastChannel(CHANNEL_NAME);
    this.lastBackupAt = await this.storage.readLastBackupAt(this.owner);
    const run = async () => {
      await this.becomeRunner();
      await new Promise<void>((resolve) => {
        this.idleWaiters.push(resolve);
        this.pump();
      });
      return summarize([...this.entries.values()]);
    };
    const locks = globalThis.navigator?.locks;
    const summary = locks ? await locks.request(LOCK_NAME, { ifAvailable: true }, (lock) => (lock ? run() : null)) : await run();
    this.stop();
    // A page holds the lock: it is uploading, nothing is left for the worker.
    return summary ?? summarize([]);
  }

  /** Stops uploading (requests in flight are aborted and go back in line) and lets another tab take over. */
  stop() {
    this.stopped = true;
    for (const controller of this.running.values()) controller.abort();
    if (this.retryTimer) clearTimeout(this.retryTimer);
    for (const cleanup of this.cleanups.splice(0)) cleanup();
    this.channel?.close();
    this.releaseLock?.();
  }

  private listen() {
    if (typeof window === "undefined") return;
    const resume = () => {
      if (document.visibilityState === "hidden") return;
      this.wake();
    };
    window.addEventListener("online", resume);
    document.addEventListener("visibilitychange", resume);
    this.cleanups.push(() => {
      window.removeEventListener("online", resume);
      document.removeEventListener("visibilitychange", resume);
    });
  }

  private async becomeRunner() {
    if (this.stopped || this.role === "runner") return;
    this.role = "runner";
    // Storage is the truth until this tab starts writing to it.
    this.entries = new Map();
    await this.reload();
    // This tab is the only uploader now: what was "uploading" was cut short by a closed or crashed page.
    const repaired: BackupEntry[] = [];
    for (const entry of this.entries.values()) {
      let next = interrupted(retryNow(entry));
      if (!this.memoryFiles.has(next.id)) next = lostBytes(next);
      if (next !== entry) repaired.push(next);
    }
    await this.commit(repaired);
    this.emit({ now: true });
    this.pump();
  }

  /** Reads the queue from storage: entries added or cleared by other tabs, or shared into the app. */
  private async reload() {
    const stored = await this.storage.loadEntries();
    const now = this.now();
    const adopted: BackupEntry[] = [];
    const expired: string[] = [];
    const next = new Map<string, BackupEntry>();
    for (let entry of stored) {
      // Shared into the app before anyone opened it: it belongs to whoever opens it on this device.
      if (entry.owner === null) {
        entry = { ...entry, owner: this.owner };
        adopted.push(entry);
      }
      if (entry.owner !== this.owner) continue;
      if (!isPending(entry) && entry.status !== "failed" && now - (entry.finishedAt ?? now) > KEEP_FINISHED_MS) {
        expired.push(entry.id);
        continue;
      }
      next.set(entry.id, this.merged(entry));
    }
    this.entries = new Map([...next].sort(([, a], [, b]) => a.addedAt - b.addedAt));
    if (adopted.length) await this.storage.saveEntries(adopted);
    if (expired.length && this.role === "runner") await this.storage.deleteEntries(expired);
    this.emit({ now: true });
    this.pump();
  }

  /**
   * The uploading tab writes every status change itself, so its own copy is newer than storage's,
   * except for a failed file another tab asked to retry. Other tabs take storage's.
   */
  private merged(stored: BackupEntry): BackupEntry {
    const mine = this.entries.get(stored.id);
    if (this.role !== "runner" || !mine) return stored;
    return mine.status === "failed" && stored.status === "queued" ? stored : mine;
  }

  /** Queues files: they are in storage before this resolves, and upload in the order given. */
  async add(files: Iterable<QueuedFile>, source: BackupSource = "picker"): Promise<void> {
    const added = newEntries(files, { owner: this.owner, source, now: this.now() });
    if (!added.length) return;
    this.requestPersistentStorage();
    const withoutBytes = await this.storage.saveEntries(added);
    for (const entry of withoutBytes) if (entry.file) this.memoryFiles.set(entry.id, entry.file);
    for (const entry of added) this.entries.set(entry.id, entry);
    this.emit({ now: true });
    this.broadcast();
    this.pump();
  }

  retry(id: string) {
    const entry = this.entries.get(id);
    if (entry) void this.commit([retryFailed(entry)]).then(() => this.pump());
  }

  retryAllFailed() {
    void this.commit([...this.entries.values()].map(retryFailed)).then(() => this.pump());
  }

  /** Takes a file out of the queue (stopping its upload). */
  async cancel(id: string) {
    this.running.get(id)?.abort();
    this.running.delete(id);
    await this.remove([id]);
    this.pump();
  }

  /** Drops finished entries (failed ones too) from the list; pending ones stay. */
  async clearFinished() {
    await this.remove([...this.entries.values()].filter((entry) => !isPending(entry)).map((entry) => entry.id));
  }

  /** The network is back or the page is in front again: try waiting files now. */
  wake() {
    if (this.role !== "runner") return;
    void this.commit([...this.entries.values()].map(retryNow)).then(() => this.pump());
  }

  private async remove(ids: string[]) {
    if (!ids.length) return;
    for (const id of ids) {
      this.entries.delete(id);
      this.memoryFiles.delete(id);
      this.progress.delete(id);
    }
    await this.storage.deleteEntries(ids);
    this.emit({ now: true });
    this.broadcast();
  }

  /** Stores changed entries and shows them; unchanged ones (same object) are skipped. */
  private async commit(changed: readonly BackupEntry[]) {
    const real = changed.filter((entry) => this.entries.get(entry.id) !== entry && this.entries.has(entry.id));
    if (!real.length) return;
    for (const entry of real) this.entries.set(entry.id, entry);
    this.emit({ now: true });
    const withoutBytes = await this.storage.saveEntries(real);
    for (const entry of withoutBytes) if (entry.file) this.memoryFiles.set(entry.id, entry.file);
    this.broadcast();
  }

  private broadcast() {
    this.channel?.postMessage({ type: "changed" } satisfies Message);
  }

  private requestPersistentStorage() {
    if (this.persistRequested) return;
    this.persistRequested = true;
    void globalThis.navigator?.storage?.persist?.().catch(() => false);
  }

  private pump() {
    if (this.role !== "runner" || this.stopped) return;
    const now = this.now();
    for (const entry of this.entries.values()) {
      if (this.running.size >= (this.options.parallel ?? PARALLEL_UPLOADS)) break;
      if (isDue(entry, now) && !this.running.has(entry.id)) void this.upload(entry);
    }
    this.scheduleRetry();
    if (this.running.size === 0) for (const resolve of this.idleWaiters.splice(0)) resolve();
  }

  /** Wakes the queue when the soonest backoff ends. */
  private scheduleRetry() {
    if (this.retryTimer) clearTimeout(this.retryTimer);
    this.retryTimer = null;
    const { nextRetryAt } = summarize([...this.entries.values()].filter((entry) => !this.running.has(entry.id)));
    if (nextRetryAt === null || this.stopped) return;
    this.retryTimer = setTimeout(() => this.pump(), Math.max(0, nextRetryAt - this.now()) + 50);
  }

  private async upload(queued: BackupEntry) {
    const controller = new AbortController();
    this.running.set(queued.id, controller);
    let entry = startAttempt(queued);
    await this.commit([entry]);
    const outcome = await this.attempt(entry, controller.signal, async (change) => {
      entry = change(entry);
      await this.commit([entry]);
      return entry;
    });
    this.running.delete(entry.id);
    this.progress.delete(entry.id);
    // Cancelled or cleared meanwhile: nothing to record.
    if (!this.entries.has(entry.id) || this.stopped) return;
    const settled = settle(entry, outcome, this.now(), this.options.random?.() ?? Math.random());
    if (settled.status === "done" || settled.status === "duplicate") {
      this.memoryFiles.delete(settled.id);
      this.lastBackupAt = settled.finishedAt;
      void this.storage.writeLastBackupAt(this.owner, settled.finishedAt!);
    }
    if (settled.status === "done") for (const listener of this.uploadedListeners) listener(settled.photoId);
    await this.commit([settled]);
    this.pump();
  }

  /** Hashes (once), skips what the library has, sends; `update` records each step on the entry. */
  private async attempt(
    entry: BackupEntry,
    signal: AbortSignal,
    update: (change: (entry: BackupEntry) => BackupEntry) => Promise<BackupEntry>,
  ): Promise<AttemptOutcome> {
    let file = entry.file ?? this.memoryFiles.get(entry.id) ?? null;
    if (!file && entry.handle) {
      try {
        file = await entry.handle.getFile();
      } catch (error) {
        // Access to a folder lapses between visits until the person allows it again; a file deleted from it is gone.
        if ((error as DOMException).name === "NotAllowedError") return { kind: "unavailable", message: "Waiting for access to its folder." };
        return { kind: "rejected", message: "The file is no longer in its folder." };
      }
    }
    if (!file) return { kind: "rejected", message: "The file is no longer available: choose it again." };
    if (!entry.sha256) {
      let sha256: string;
      try {
        sha256 = await this.transport.hash(file);
      } catch (error) {
        if (error instanceof TransportUnavailableError) return this.transport.unavailable();
        // The browser could not read the file (moved, deleted or revoked since it was picked).
        return { kind: "rejected", message: `The file could not be read: ${(error as Error).message || "unknown error"}.` };
      }
      entry = await update((current) => hashed(current, sha256));
    }
    try {
      if ((await this.transport.findExisting([entry.sha256!])).has(entry.sha256!)) return foundInLibrary(entry);
    } catch {
      return this.transport.unavailable();
    }
    if (signal.aborted) return this.transport.unavailable();
    entry = await update(sending);
    return this.transport.send(
      { ...entry, file },
      {
        onProgress: (fraction) => {
          this.progress.set(entry.id, fraction);
          this.emit();
        },
        onResumeUrl: (resumeUrl) => void update((current) => ({ ...current, resumeUrl })),
      },
      signal,
    );
  }

  /** Progress comes many times a frame: listeners hear about it once per frame; changes at once. */
  private emit({ now = false } = {}) {
    const publish = () => {
      this.frame = null;
      const entries = [...this.entries.values()];
      this.snapshot = {
        items: entries.map((entry) => ({
          id: entry.id,
          name: entry.name,
          size: entry.size,
          status: entry.status,
          progress: entry.status === "uploading" ? (this.progress.get(entry.id) ?? 0) : entry.status === "queued" ? 0 : 1,
          message: entry.message,
        })),
        summary: summarize(entries),
        role: this.role,
        lastBackupAt: this.lastBackupAt,
      };
      for (const listener of this.listeners) listener();
    };
    if (now || typeof requestAnimationFrame === "undefined") {
      if (this.frame !== null) cancelAnimationFrame(this.frame);
      publish();
    } else {
      this.frame ??= requestAnimationFrame(publish);
    }
  }
}
