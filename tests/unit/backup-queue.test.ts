import { afterEach, describe, expect, it } from "vitest";
import {
  backoffMs,
  interrupted,
  lostBytes,
  newEntry,
  retryFailed,
  settle,
  startAttempt,
  summarize,
  type AttemptOutcome,
  type BackupEntry,
} from "@/components/backup/backup-entry";
import { BackupQueue, TransportUnavailableError, type BackupStorage, type BackupTransport } from "@/components/backup/backup-queue";
import { outcomeOf } from "@/components/backup/upload-outcome";

const file = (name: string, bytes = name) => new File([bytes], name, { lastModified: 1_700_000_000_000 });
const entryOf = (name: string) => newEntry(file(name), { id: name, owner: "ana", source: "picker", now: 1 });

describe("backup entry", () => {
  it("backs off 2 s, 4 s, 8 s… up to 5 minutes, spread by jitter", () => {
    expect([1, 2, 3, 4].map((attempts) => backoffMs(attempts))).toEqual([2_000, 4_000, 8_000, 16_000]);
    expect(backoffMs(30)).toBe(300_000);
    expect(backoffMs(1, 0)).toBe(1_500);
    expect(backoffMs(1, 1)).toBe(2_500);
  });

  it("lets the bytes go once the server has them", () => {
    const done = settle(startAttempt(entryOf("a.jpg")), { kind: "uploaded", photoId: "p1" }, 50);
    expect(done).toMatchObject({ status: "done", file: null, photoId: "p1", finishedAt: 50, message: null });
    const duplicate = settle(startAttempt(entryOf("a.jpg")), { kind: "duplicate", photoId: null }, 50);
    expect(duplicate).toMatchObject({ status: "duplicate", file: null });
  });

  it("takes a success without the photo for not yet backed up: the bytes stay, and it is checked again", () => {
    // A resumed tus upload whose bytes were all stored but not yet made a photo answers HEAD with 200 and no body.
    for (const body of [null, {}, { duplicate: true }]) {
      const outcome = outcomeOf(200, body);
      expect(outcome.kind).toBe("unavailable");
      expect(settle(startAttempt(entryOf("a.jpg")), outcome, 50)).toMatchObject({ status: "queued", file: expect.any(File) });
    }
    expect(outcomeOf(201, { photo: { id: "p1" } })).toEqual({ kind: "uploaded", photoId: "p1" });
    expect(outcomeOf(200, { photo: { id: "p1" }, duplicate: true })).toEqual({ kind: "duplicate", photoId: "p1" });
  });

  it("fails for good with the server's reason, and keeps the bytes for a retry", () => {
    const failed = settle(startAttempt(entryOf("a.txt")), { kind: "rejected", message: "Not an image." }, 50);
    expect(failed).toMatchObject({ status: "failed", message: "Not an image." });
    expect(failed.file).not.toBeNull();
    expect(retryFailed(failed)).toMatchObject({ status: "queued", message: null, attempts: 0, retryAt: 0 });
  });

  it("fails for good, with the server's message, an upload over the account's quota (507)", () => {
    const message = "Not enough room: this file (2.1 MB) would pass your quota. You use 9.5 MB of 10 MB.";
    const outcome = outcomeOf(507, { error: { code: "quota_exceeded", message } });
    expect(outcome).toEqual({ kind: "rejected", message });
    expect(settle(startAttempt(entryOf("a.jpg")), outcome, 50)).toMatchObject({ status: "failed", message, retryAt: 0 });
    expect(outcomeOf(503, { error: { code: "service_unavailable", message: "Down." } }).kind).toBe("unavailable");
  });

  it("waits and tries again when the network or server is down, longer each time", () => {
    const down: AttemptOutcome = { kind: "unavailable", message: "Waiting for the network." };
    const first = settle(startAttempt(entryOf("a.jpg")), down, 1_000, 0.5);
    expect(first).toMatchObject({ status: "queued", attempts: 1, retryAt: 3_000, message: "Waiting for the network." });
    const second = settle(startAttempt(first), down, 1_000, 0.5);
    expect(second).toMatchObject({ attempts: 2, retryAt: 5_000 });
  });

  it("puts an upload cut short by a closed page back in line, and says so when its bytes are gone", () => {
    const cut = startAttempt(entryOf("a.jpg"));
    expect(interrupted(cut).status).toBe("queued");
    expect(lostBytes({ ...cut, file: null })).toMatchObject({ status: "failed" });
    expect(lostBytes(cut)).toBe(cut);
  });

  it("summarizes a run", () => {
    const entries: BackupEntry[] = [
      settle(entryOf("a"), { kind: "uploaded", photoId: "1" }, 10),
      settle(entryOf("b"), { kind: "duplicate", photoId: null }, 20),
      settle(entryOf("c"), { kind: "rejected", message: "no" }, 30),
      settle(entryOf("d"), { kind: "unavailable", message: "down" }, 40, 0.5),
      startAttempt(entryOf("e")),
    ];
    expect(summarize(entries)).toMatchObject({
      total: 5,
      pending: 2,
      uploading: 1,
      done: 1,
      duplicates: 1,
      failed: 1,
      lastBackupAt: 20,
      nextRetryAt: 2_040,
    });
  });
});

/** Storage as IndexedDB keeps it, in memory: copies in, copies out. */
class MemoryStorage implements BackupStorage {
  readonly entries = new Map<string, BackupEntry>();
  lastBackupAt: number | null = null;
  async saveEntries(entries: readonly BackupEntry[]) {
    for (const entry of entries) this.entries.set(entry.id, { ...entry });
    return [];
  }
  async loadEntries() {
    return [...this.entries.values()].map((entry) => ({ ...entry }));
  }
  async deleteEntries(ids: readonly string[]) {
    for (const id of ids) this.entries.delete(id);
  }
  async readLastBackupAt() {
    return this.lastBackupAt;
  }
  async writeLastBackupAt(_owner: string, at: number) {
    this.lastBackupAt = at;
  }
}

/** A server that answers as `respond` says, recording what it was sent. */
class FakeServer implements BackupTransport {
  readonly sent: string[] = [];
  readonly library = new Set<string>();
  inFlight = 0;
  maxInFlight = 0;
  constructor(
    private readonly storage: MemoryStorage,
    private readonly respond: (name: string, tries: number) => AttemptOutcome = () => ({ kind: "uploaded", photoId: "p" }),
  ) {}
  async hash(blob: Blob) {
    return `sha-${await blob.text()}`;
  }
  async findExisting(hashes: string[]) {
    return new Set(hashes.filter((hash) => this.library.has(hash)));
  }
  async send(entry: BackupEntry & { file: Blob }) {
    // Nothing is sent before the queue has stored it.
    expect(this.storage.entries.get(entry.id)?.status).toBe("uploading");
    this.inFlight++;
    this.maxInFlight = Math.max(this.maxInFlight, this.inFlight);
    await new Promise((resolve) => setTimeout(resolve, 5));
    this.inFlight--;
    this.sent.push(entry.name);
    const outcome = this.respond(entry.name, this.sent.filter((name) => name === entry.name).length);
    if (outcome.kind === "uploaded") this.library.add(entry.sha256!);
    return outcome;
  }
  unavailable(): AttemptOutcome {
    return { kind: "unavailable", message: "Waiting for the network." };
  }
}

const queues: BackupQueue[] = [];
afterEach(() => {
  for (const queue of queues.splice(0)) queue.stop();
});

function queueFor(storage: MemoryStorage, server: FakeServer, owner = "ana") {
  const queue = new BackupQueue(owner, storage, server, { parallel: 2, useLocks: false });
  queues.push(queue);
  return queue;
}

async function settled(queue: BackupQueue) {
  await expect.poll(() => queue.getSnapshot().summary.pending, { timeout: 5_000, interval: 5 }).toBe(0);
  return queue.getSnapshot();
}

/** One file: its first attempt leaves it waiting for the network; once the queue is woken it is sent. */
async function expectWaitThenSent(storage: MemoryStorage, server: FakeServer) {
  const queue = queueFor(storage, server);
  await queue.start();
  await queue.add([file("a")]);
  await expect.poll(() => queue.getSnapshot().items[0]?.message).toBe("Waiting for the network.");
  expect(queue.getSnapshot().items[0]?.status).toBe("queued");
  queue.wake();
  expect((await settled(queue)).summary.done).toBe(1);
}

describe("backup queue", () => {
  it("stores every file, uploads them a few at a time and lets their bytes go", async () => {
    const storage = new MemoryStorage();
    const server = new FakeServer(storage);
    const queue = queueFor(storage, server);
    await queue.start();
    await queue.add(["a", "b", "c", "d", "e"].map((name) => file(name)));

    const snapshot = await settled(queue);
    expect(snapshot.summary).toMatchObject({ total: 5, done: 5, failed: 0 });
    expect(server.sent.sort()).toEqual(["a", "b", "c", "d", "e"]);
    expect(server.maxInFlight).toBe(2);
    expect([...storage.entries.values()].every((entry) => entry.status === "done" && entry.file === null)).toBe(true);
    expect(snapshot.lastBackupAt).not.toBeNull();
  });

  it("skips files the library already has without sending them", async () => {
    const storage = new MemoryStorage();
    const server = new FakeServer(storage);
    server.library.add("sha-a");
    const queue = queueFor(storage, server);
    await queue.start();
    await queue.add([file("a"), file("b")]);

    const snapshot = await settled(queue);
    expect(server.sent).toEqual(["b"]);
    expect(snapshot.items.map((item) => item.status)).toEqual(["duplicate", "done"]);
  });

  it("waits while the server is unreachable, and sends again when woken", async () => {
    const storage = new MemoryStorage();
    const server = new FakeServer(storage, (_name, tries) =>
      tries === 1 ? { kind: "unavailable", message: "Waiting for the network." } : { kind: "uploaded", photoId: "p" },
    );
    await expectWaitThenSent(storage, server);
    expect(server.sent).toEqual(["a", "a"]);
  });

  it("waits, not fails, when the hashing code could not be loaded, and hashes once woken", async () => {
    const storage = new MemoryStorage();
    const server = new FakeServer(storage);
    let loads = 0;
    const hash = server.hash.bind(server);
    server.hash = async (blob: Blob) => {
      if (++loads === 1) throw new TransportUnavailableError("Failed to load chunk");
      return hash(blob);
    };
    await expectWaitThenSent(storage, server);
    expect(server.sent).toEqual(["a"]);
  });

  it("fails a refused file with the server's reason and sends it again on retry", async () => {
    const storage = new MemoryStorage();
    const server = new FakeServer(storage, (_name, tries) =>
      tries === 1 ? { kind: "rejected", message: "This file is not a supported image." } : { kind: "uploaded", photoId: "p" },
    );
    const queue = queueFor(storage, server);
    await queue.start();
    await queue.add([file("a")]);
    const failed = await settled(queue);
    expect(failed.items[0]).toMatchObject({ status: "failed", message: "This file is not a supported image." });

    queue.retry(failed.items[0]!.id);
    await expect.poll(() => queue.getSnapshot().items[0]?.status).toBe("done");
  });

  it("resumes on start what a closed page left queued or half-sent", async () => {
    const storage = new MemoryStorage();
    const left = [
      startAttempt(entryOf("a")),
      entryOf("b"),
      { ...entryOf("gone"), file: null },
      // Its bytes reached the server, but the page closed before the answer came.
      { ...startAttempt(entryOf("c")), sha256: "sha-c", sent: true },
    ];
    await storage.saveEntries(left);
    const server = new FakeServer(storage);
    server.library.add("sha-c");
    const queue = queueFor(storage, server);
    await queue.start();

    const snapshot = await settled(queue);
    expect(server.sent.sort()).toEqual(["a", "b"]);
    expect(snapshot.items.find((item) => item.name === "gone")).toMatchObject({ status: "failed" });
    expect(snapshot.items.find((item) => item.name === "c")).toMatchObject({ status: "done" });
  });

  it("uploads only its own user's files, and adopts files shared before anyone signed in", async () => {
    const storage = new MemoryStorage();
    await storage.saveEntries([
      { ...entryOf("ben's"), owner: "ben" },
      { ...entryOf("shared"), owner: null, source: "share" },
    ]);
    const server = new FakeServer(storage);
    const queue = queueFor(storage, server);
    await queue.start();

    await settled(queue);
    expect(server.sent).toEqual(["shared"]);
    expect(storage.entries.get("ben's")).toMatchObject({ owner: "ben", status: "queued" });
    expect(storage.entries.get("shared")).toMatchObject({ owner: "ana", status: "done" });
  });

  it("takes a cancelled file out of the queue and clears finished ones", async () => {
    const storage = new MemoryStorage();
    const server = new FakeServer(storage);
    const queue = queueFor(storage, server);
    await queue.add([file("a"), file("b")]);
    const [first] = queue.getSnapshot().items;
    await queue.cancel(first!.id);
    await queue.start();

    await settled(queue);
    expect(server.sent).toEqual(["b"]);
    await queue.clearFinished();
    expect(queue.getSnapshot().items).toEqual([]);
    expect(storage.entries.size).toBe(0);
  });

  it("drains what is due and says what is left, for a service worker woken by Background Sync", async () => {
    const storage = new MemoryStorage();
    await storage.saveEntries([entryOf("a"), entryOf("b"), entryOf("down")]);
    const server = new FakeServer(storage, (name) =>
      name === "down" ? { kind: "unavailable", message: "Waiting for the network." } : { kind: "uploaded", photoId: "p" },
    );
    const queue = new BackupQueue("ana", storage, server, { parallel: 2 });

    const left = await queue.drain();
    expect(server.sent.sort()).toEqual(["a", "b", "down"]);
    expect(left).toMatchObject({ done: 2, pending: 1 });
    expect(storage.entries.get("down")).toMatchObject({ status: "queued", attempts: 1 });
  });
});
