import { errorFromBody, redirectToLogin, type Photo } from "@/components/library/api";

export type UploadStatus = "queued" | "uploading" | "done" | "duplicate" | "failed" | "cancelled";

export interface UploadItem {
  readonly id: number;
  readonly name: string;
  readonly size: number;
  readonly status: UploadStatus;
  /** 0–1 of the bytes sent. */
  readonly progress: number;
  /** Why it failed, in words. */
  readonly message: string | null;
}

export interface UploadSnapshot {
  readonly items: readonly UploadItem[];
  readonly active: number;
  readonly finished: number;
  readonly failed: number;
  readonly duplicates: number;
}

const PARALLEL_UPLOADS = 3;

/** Files the picker and drop zone hand over that cannot be photos are still sent: the server judges by content. */
export class UploadQueue {
  private snapshot: UploadSnapshot = { items: [], active: 0, finished: 0, failed: 0, duplicates: 0 };
  private readonly listeners = new Set<() => void>();
  private readonly files = new Map<number, File>();
  private readonly requests = new Map<number, XMLHttpRequest>();
  private nextId = 1;
  private frame: number | null = null;
  private items: UploadItem[] = [];

  constructor(private readonly onUploaded: (photo: Photo, duplicate: boolean) => void) {}

  subscribe = (listener: () => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  getSnapshot = () => this.snapshot;

  /** Progress events come many times a frame: listeners hear about them once per frame. */
  private emit({ now = false } = {}) {
    const publish = () => {
      this.frame = null;
      let active = 0;
      let finished = 0;
      let failed = 0;
      let duplicates = 0;
      for (const item of this.items) {
        if (item.status === "queued" || item.status === "uploading") active++;
        else finished++;
        if (item.status === "failed") failed++;
        if (item.status === "duplicate") duplicates++;
      }
      this.snapshot = { items: this.items, active, finished, failed, duplicates };
      for (const listener of this.listeners) listener();
    };
    if (now || typeof requestAnimationFrame === "undefined") {
      if (this.frame !== null) cancelAnimationFrame(this.frame);
      publish();
    } else {
      this.frame ??= requestAnimationFrame(publish);
    }
  }

  private update(id: number, change: Partial<UploadItem>, options?: { now?: boolean }) {
    const index = this.items.findIndex((item) => item.id === id);
    if (index < 0) return;
    this.items = this.items.slice();
    this.items[index] = { ...this.items[index]!, ...change };
    this.emit(options);
  }

  add(files: Iterable<File>) {
    const added: UploadItem[] = [];
    for (const file of files) {
      const id = this.nextId++;
      this.files.set(id, file);
      added.push({ id, name: file.name || "Untitled", size: file.size, status: "queued", progress: 0, message: null });
    }
    if (!added.length) return;
    this.items = [...this.items, ...added];
    this.emit({ now: true });
    this.pump();
  }

  retry(id: number) {
    if (!this.files.has(id)) return;
    this.update(id, { status: "queued", progress: 0, message: null }, { now: true });
    this.pump();
  }

  cancel(id: number) {
    const item = this.items.find((entry) => entry.id === id);
    if (!item || (item.status !== "queued" && item.status !== "uploading")) return;
    this.requests.get(id)?.abort();
    this.requests.delete(id);
    this.files.delete(id);
    this.update(id, { status: "cancelled", message: null }, { now: true });
    this.pump();
  }

  /** Drops finished rows from the list (failed ones too); uploads still running stay. */
  clearFinished() {
    this.items = this.items.filter((item) => item.status === "queued" || item.status === "uploading");
    for (const id of this.files.keys()) {
      if (!this.items.some((item) => item.id === id)) this.files.delete(id);
    }
    this.emit({ now: true });
  }

  private pump() {
    while (this.requests.size < PARALLEL_UPLOADS) {
      const next = this.items.find((item) => item.status === "queued");
      if (!next) return;
      this.send(next.id);
    }
  }

  private send(id: number) {
    const file = this.files.get(id);
    if (!file) return;
    const request = new XMLHttpRequest();
    this.requests.set(id, request);
    this.update(id, { status: "uploading", progress: 0 }, { now: true });

    const finish = (change: Partial<UploadItem>) => {
      this.requests.delete(id);
      if (change.status === "done" || change.status === "duplicate") this.files.delete(id);
      this.update(id, change, { now: true });
      this.pump();
    };

    request.upload.addEventListener("progress", (event) => {
      if (event.lengthComputable && event.total > 0) this.update(id, { progress: event.loaded / event.total });
    });
    request.addEventListener("load", () => {
      let body: unknown = null;
      try {
        body = JSON.parse(request.responseText);
      } catch {
        body = null;
      }
      if (request.status === 401) {
        redirectToLogin();
        return;
      }
      if (request.status === 200 || request.status === 201) {
        const { photo, duplicate } = (body ?? {}) as { photo?: Photo; duplicate?: boolean };
        const isDuplicate = request.status === 200 && duplicate === true;
        finish({ status: isDuplicate ? "duplicate" : "done", progress: 1 });
        if (photo) this.onUploaded(photo, isDuplicate);
        return;
      }
      finish({ status: "failed", message: errorFromBody(request.status, body).message });
    });
    request.addEventListener("error", () =>
      finish({ status: "failed", message: "The upload was interrupted: the server could not be reached." }),
    );
    request.addEventListener("timeout", () => finish({ status: "failed", message: "The upload took too long." }));

    // Fields first: the server reads them before it streams the file part.
    const form = new FormData();
    if (file.lastModified) form.append("lastModified", String(Math.trunc(file.lastModified)));
    form.append("file", file, file.name);
    request.open("POST", "/api/v1/photos");
    request.setRequestHeader("accept", "application/json");
    request.send(form);
  }
}
