import { describe, expect, it } from "vitest";
import { AppError } from "@/lib/errors";
import { decodeCursor, encodeCursor } from "@/lib/photos/cursor";
import { sanitizeFilename } from "@/lib/photos/sanitize-filename";
import { nightlyShare } from "@/lib/photos/scrub-originals";
import { jobDefinitions, jobNames } from "@/lib/queue/jobs";

describe("cursor", () => {
  it("round-trips a keyset position", () => {
    const position = { at: new Date("2024-05-01T10:00:00.123Z"), id: "0b5c1d8e-8d4c-4a51-9a0e-1f8f0c3b2a11" };
    expect(decodeCursor(encodeCursor(position))).toEqual(position);
  });

  it.each(["garbage", Buffer.from('["not a date","x"]').toString("base64url"), ""])("rejects %j with a 400", (cursor) => {
    expect(() => decodeCursor(cursor)).toThrow(AppError);
  });
});

describe("sanitizeFilename", () => {
  it.each([
    ["IMG_0001.HEIC", "IMG_0001.HEIC"],
    ["C:\\Users\\me\\DSC_1.jpg", "DSC_1.jpg"],
    ["../../etc/passwd", "passwd"],
    ["bad\u0000name\u001f.jpg", "badname.jpg"],
    ["..", "photo"],
    [undefined, "photo"],
    ["x".repeat(400), "x".repeat(255)],
  ])("%j → %j", (raw, expected) => {
    expect(sanitizeFilename(raw)).toBe(expected);
  });
});

describe(nightlyShare.name, () => {
  it("reads every original within the days given, a whole one at least", () => {
    expect([nightlyShare(0, 30), nightlyShare(1, 30), nightlyShare(30, 30), nightlyShare(31, 30), nightlyShare(3_000_000, 30)]).toEqual([0, 1, 1, 2, 100_000]);
  });
});

describe("job definitions", () => {
  it("validate their payloads", () => {
    expect(jobNames).toEqual([
      "generate-thumbnails",
      "process-video",
      "delete-photo-objects",
      "reconcile-processing",
      "sweep-resumable-uploads",
      "clean-orphans",
      "scrub-originals",
      "purge-trash",
      "regenerate-thumbnails",
    ]);
    expect(() => jobDefinitions["generate-thumbnails"].parse({ photoId: "nope" })).toThrow();
    expect(() => jobDefinitions["process-video"].parse({ photoId: "nope" })).toThrow();
  });
});
