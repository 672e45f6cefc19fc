import exifr from "exifr";
import { describe, expect, it, vi } from "vitest";
import { parseExifDate, readExifTakenAt } from "@/lib/photos/exif-taken-at";
import { fixturePath } from "@/tests/support/fixtures";

describe("parseExifDate", () => {
  it("keeps a zone-less camera time as the wall clock shown", () => {
    expect(parseExifDate("2008:05:30 15:56:01")).toEqual({ date: new Date("2008-05-30T15:56:01Z"), offset: null });
  });

  it("applies the UTC offset and sub-seconds when recorded", () => {
    expect(parseExifDate("2021:04:11 15:47:53", "-05:00", "054")).toEqual({ date: new Date("2021-04-11T20:47:53.054Z"), offset: "-05:00" });
    expect(parseExifDate("2021:04:11 15:47:53", "+0530")?.date).toEqual(new Date("2021-04-11T10:17:53Z"));
  });

  it.each([undefined, "", "0000:00:00 00:00:00", "2021:13:01 00:00:00", "yesterday", 20210411])("rejects %j", (value) => {
    expect(parseExifDate(value)).toBeNull();
  });
});

describe("readExifTakenAt", () => {
  it("reads DateTimeOriginal from camera JPEGs and phone HEIC", async () => {
    expect((await readExifTakenAt(fixturePath("camera/Nikon_D70.jpg")))?.date.toISOString()).toBe("2008-03-15T09:52:01.000Z");
    expect(await readExifTakenAt(fixturePath("heic/IMG_5195.HEIC"))).toMatchObject({ offset: "-05:00" });
  });

  it("answers null for a photo without a date", async () => {
    expect(await readExifTakenAt(fixturePath("orientation/Landscape_0.jpg"))).toBeNull();
  });

  it("gives exifr the same options object every time, which it caches by identity and never forgets", async () => {
    // Options is exported but missing from exifr's typings.
    const { Options } = exifr as unknown as { Options: { useCached: (options: object) => unknown } };
    const useCached = vi.spyOn(Options, "useCached");
    try {
      await readExifTakenAt(fixturePath("camera/Nikon_D70.jpg"));
      await readExifTakenAt(fixturePath("camera/Canon_40D.jpg"));
      const optionsGiven = new Set(useCached.mock.calls.map(([options]) => options));
      expect(useCached).toHaveBeenCalledTimes(2);
      expect(optionsGiven.size).toBe(1);
    } finally {
      useCached.mockRestore();
    }
  });
});
