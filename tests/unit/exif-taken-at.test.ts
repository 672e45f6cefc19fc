import exifr from "exifr";
import { describe, expect, it, vi } from "vitest";
import { parseExifDate, readExifTakenAt, takenAtFromTags } from "@/lib/photos/exif-taken-at";
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

describe("takenAtFromTags", () => {
  const gps = { GPSDateStamp: "2019:07:14", GPSTimeStamp: [18, 45, 12.5] };

  it("takes the original time first, then the digitized time, then the GPS time", () => {
    const original = { DateTimeOriginal: "2019:07:14 20:00:00", OffsetTimeOriginal: "+02:00" };
    const digitized = { CreateDate: "2019:07:14 21:00:00", OffsetTimeDigitized: "+02:00" };
    expect(takenAtFromTags({ ...original, ...digitized, ...gps })?.date).toEqual(new Date("2019-07-14T18:00:00Z"));
    expect(takenAtFromTags({ ...digitized, ...gps })?.date).toEqual(new Date("2019-07-14T19:00:00Z"));
    expect(takenAtFromTags({ DateTimeOriginal: "0000:00:00 00:00:00", ...digitized })?.date).toEqual(new Date("2019-07-14T19:00:00Z"));
    expect(takenAtFromTags({})).toBeNull();
  });

  it("gives a photo whose only date is its GPS time that instant, in UTC", () => {
    expect(takenAtFromTags(gps)).toEqual({ date: new Date("2019-07-14T18:45:12.500Z"), offset: "+00:00" });
    expect(takenAtFromTags({ GPSDateStamp: "2019:07:14", GPSTimeStamp: [18, 45] })).toBeNull();
    expect(takenAtFromTags({ GPSDateStamp: "yesterday", GPSTimeStamp: [18, 45, 12] })).toBeNull();
  });

  it("keeps the sub-seconds of the chosen time", () => {
    expect(takenAtFromTags({ CreateDate: "2021:04:11 15:47:53", SubSecTimeDigitized: "25", OffsetTimeDigitized: "-05:00" })?.date).toEqual(
      new Date("2021-04-11T20:47:53.250Z"),
    );
  });

  it("takes the offset recorded with the time, else OffsetTime, else the gap to the GPS time", () => {
    const local = { DateTimeOriginal: "2019:07:14 20:45:00" };
    expect(takenAtFromTags({ ...local, OffsetTimeOriginal: "+05:30", OffsetTime: "+01:00", ...gps })?.offset).toBe("+05:30");
    expect(takenAtFromTags({ ...local, OffsetTime: "+01:00", ...gps })).toEqual({ date: new Date("2019-07-14T19:45:00Z"), offset: "+01:00" });
    // 20:45:00 on the camera, 18:45:12.5 UTC by GPS: UTC+02:00, and the camera's time is kept.
    expect(takenAtFromTags({ ...local, ...gps })).toEqual({ date: new Date("2019-07-14T18:45:00Z"), offset: "+02:00" });
    expect(takenAtFromTags({ DateTimeOriginal: "2019:07:14 09:15:00", ...gps })?.offset).toBe("-09:30");
  });

  it("keeps the wall clock as UTC when the GPS time is too far from the camera's to be its zone", () => {
    expect(takenAtFromTags({ DateTimeOriginal: "2019:07:10 20:45:00", ...gps })).toEqual({ date: new Date("2019-07-10T20:45:00Z"), offset: null });
  });
});

describe("readExifTakenAt", () => {
  it("reads DateTimeOriginal from camera JPEGs and phone HEIC", async () => {
    expect((await readExifTakenAt(fixturePath("camera/Nikon_D70.jpg")))?.date.toISOString()).toBe("2008-03-15T09:52:01.000Z");
    expect(await readExifTakenAt(fixturePath("heic/IMG_5195.HEIC"))).toMatchObject({ offset: "-05:00" });
  });

  it("reads the GPS time of a JPEG that has no other date", async () => {
    expect(await readExifTakenAt(fixturePath("gps/gps-time-only.jpg"))).toEqual({ date: new Date("2019-07-14T18:45:12.500Z"), offset: "+00:00" });
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
