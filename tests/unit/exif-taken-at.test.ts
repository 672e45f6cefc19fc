import { ExifDateTime } from "exiftool-vendored";
import { afterAll, describe, expect, it } from "vitest";
import { TAKEN_AT_TAGS, takenAtFromTags } from "@/lib/photos/exif-taken-at";
import { endExiftool, readMediaTags } from "@/lib/photos/exiftool";
import { fixturePath, liveFixturePath } from "@/tests/support/fixtures";

afterAll(endExiftool);

describe("takenAtFromTags", () => {
  const gps = { GPSDateTime: "2019:07:14 18:45:12.5Z" };

  it("takes the first valid date in Immich's order", () => {
    // Each tag holds a later hour than the one before it: the answer names the tag that won.
    const allTags = Object.fromEntries(TAKEN_AT_TAGS.map((tag, index) => [tag, `2019:07:14 ${String(index + 1).padStart(2, "0")}:00:00+00:00`]));
    for (const [index, tag] of TAKEN_AT_TAGS.entries()) {
      const tags = Object.fromEntries(Object.entries(allTags).filter(([name]) => TAKEN_AT_TAGS.indexOf(name as never) >= index));
      expect(takenAtFromTags(tags)?.date.getUTCHours(), tag).toBe(index + 1);
    }
    expect(takenAtFromTags({ DateTimeOriginal: "0000:00:00 00:00:00", CreationDate: "2019:07:14 21:00:00+02:00" })?.date).toEqual(new Date("2019-07-14T19:00:00Z"));
    expect(takenAtFromTags({})).toBeNull();
  });

  it("keeps a zone-less camera time as the wall clock shown", () => {
    expect(takenAtFromTags({ DateTimeOriginal: "2008:05:30 15:56:01" })).toEqual({ date: new Date("2008-05-30T15:56:01Z"), offset: null });
  });

  it("applies the offset written in the date, and its sub-seconds", () => {
    expect(takenAtFromTags({ SubSecDateTimeOriginal: "2021:04:11 15:47:53.054-05:00" })).toEqual({ date: new Date("2021-04-11T20:47:53.054Z"), offset: "-05:00" });
    expect(takenAtFromTags({ CreationDate: "2021:04:11 15:47:53+05:30" })?.date).toEqual(new Date("2021-04-11T10:17:53Z"));
  });

  it("ignores a zone that ExifTool only inferred", () => {
    const inferred = ExifDateTime.fromEXIF("2021:04:11 15:47:53", "America/New_York")!;
    expect(inferred.inferredZone).toBe(true);
    expect(takenAtFromTags({ DateTimeOriginal: inferred })).toEqual({ date: new Date("2021-04-11T15:47:53Z"), offset: null });
  });

  it("gives a photo whose only date is its GPS time that instant, in UTC", () => {
    expect(takenAtFromTags(gps)).toEqual({ date: new Date("2019-07-14T18:45:12.500Z"), offset: "+00:00" });
    expect(takenAtFromTags({ DateTimeUTC: "2019:07:14 18:45:12" })).toEqual({ date: new Date("2019-07-14T18:45:12Z"), offset: "+00:00" });
    expect(takenAtFromTags({ GPSDateTime: "yesterday" })).toBeNull();
  });

  it("takes the offset recorded with the time, else its EXIF offset tag, else OffsetTime, else the gap to the GPS time", () => {
    const local = { DateTimeOriginal: "2019:07:14 20:45:00" };
    expect(takenAtFromTags({ DateTimeOriginal: "2019:07:14 20:45:00+05:30", OffsetTimeOriginal: "+01:00", ...gps })?.offset).toBe("+05:30");
    expect(takenAtFromTags({ ...local, OffsetTimeOriginal: "+05:30", OffsetTime: "+01:00", ...gps })?.offset).toBe("+05:30");
    expect(takenAtFromTags({ CreateDate: "2019:07:14 20:45:00", OffsetTimeOriginal: "+05:30", OffsetTimeDigitized: "+03:00" })?.offset).toBe("+03:00");
    expect(takenAtFromTags({ ...local, OffsetTime: "+01:00", ...gps })).toEqual({ date: new Date("2019-07-14T19:45:00Z"), offset: "+01:00" });
    // 20:45:00 on the camera, 18:45:12.5 UTC by GPS: UTC+02:00, and the camera's time is kept.
    expect(takenAtFromTags({ ...local, ...gps })).toEqual({ date: new Date("2019-07-14T18:45:00Z"), offset: "+02:00" });
    expect(takenAtFromTags({ DateTimeOriginal: "2019:07:14 09:15:00", ...gps })?.offset).toBe("-09:30");
  });

  it("keeps the wall clock as UTC when the GPS time is too far from the camera's to be its zone", () => {
    expect(takenAtFromTags({ DateTimeOriginal: "2019:07:10 20:45:00", ...gps })).toEqual({ date: new Date("2019-07-10T20:45:00Z"), offset: null });
  });
});

describe("the capture time of real files, read with ExifTool", () => {
  const takenAtOf = async (path: string) => takenAtFromTags(await readMediaTags(path));

  it("reads camera JPEGs and phone HEIC", async () => {
    expect(await takenAtOf(fixturePath("camera/Nikon_D70.jpg"))).toEqual({ date: new Date("2008-03-15T09:52:01.000Z"), offset: null });
    expect(await takenAtOf(fixturePath("heic/IMG_5195.HEIC"))).toEqual({ date: new Date("2021-04-11T20:47:53.054Z"), offset: "-05:00" });
  });

  it("reads the GPS time of a JPEG that has no other date, with no zone guessed from its position", async () => {
    expect(await takenAtOf(fixturePath("gps/gps-time-only.jpg"))).toEqual({ date: new Date("2019-07-14T18:45:12.500Z"), offset: "+00:00" });
  });

  it("reads an iPhone clip's QuickTime CreationDate with its own offset", async () => {
    expect(await takenAtOf(liveFixturePath("IMG_5195.MOV"))).toEqual({ date: new Date("2021-04-11T20:47:53Z"), offset: "-05:00" });
  });

  it("answers null for a photo without a date", async () => {
    expect(await takenAtOf(fixturePath("orientation/Landscape_0.jpg"))).toBeNull();
  });
});
