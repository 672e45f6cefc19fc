import { afterEach, describe, expect, it, vi } from "vitest";
import { newEntry } from "@/components/backup/backup-entry";
import { serviceWorkerTransport } from "@/components/backup/service-worker-backup";

/** A browser whose signed-in user is whoever `signedIn` names at the time of each request. */
function browserSignedInAs(signedIn: () => string | null) {
  const uploads: string[] = [];
  vi.stubGlobal(
    "fetch",
    vi.fn(async (url: string) => {
      if (url === "/api/auth/session") return Response.json(signedIn() ? { user: { id: signedIn() } } : {});
      uploads.push(url);
      return Response.json({ photo: { id: `photo-${uploads.length}` }, duplicate: false }, { status: 201 });
    }),
  );
  return uploads;
}

const entryOf = (owner: string, bytes: BlobPart = "bytes") => {
  const entry = newEntry(new File([bytes], `${owner}.jpg`), { id: owner, owner, source: "picker", now: 1 });
  return { ...entry, file: entry.file! };
};
const send = (entry: ReturnType<typeof entryOf>) => serviceWorkerTransport.send(entry, { onProgress() {}, onResumeUrl() {} }, new AbortController().signal);

describe("the service worker's uploads", () => {
  afterEach(() => {
    vi.unstubAllGlobals();
  });

  it("send each file only while its owner is the one signed in, asked again before each", async () => {
    let signedIn: string | null = "ana";
    const uploads = browserSignedInAs(() => signedIn);

    await expect(send(entryOf("ana"))).resolves.toEqual({ kind: "uploaded", photoId: "photo-1" });
    // Ana signs out and Bea signs in while the run goes on: Ana's next file waits, Bea's own goes.
    signedIn = "bea";
    await expect(send(entryOf("ana"))).resolves.toMatchObject({ kind: "unavailable" });
    await expect(send(entryOf("bea"))).resolves.toEqual({ kind: "uploaded", photoId: "photo-2" });
    signedIn = null;
    await expect(send(entryOf("bea"))).resolves.toMatchObject({ kind: "unavailable" });
    expect(uploads).toEqual(["/api/v1/photos", "/api/v1/photos"]);
  });

  it("leave files of 8 MiB or more to a page, which sends them resumably", async () => {
    const uploads = browserSignedInAs(() => "ana");
    await expect(send(entryOf("ana", new Uint8Array(8 * 1024 * 1024)))).resolves.toEqual({ kind: "unavailable", message: "Waiting for the app to open." });
    await expect(send(entryOf("ana", new Uint8Array(8 * 1024 * 1024 - 1)))).resolves.toMatchObject({ kind: "uploaded" });
    expect(uploads).toEqual(["/api/v1/photos"]);
  });
});
