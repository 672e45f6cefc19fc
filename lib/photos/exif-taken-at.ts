import { ExifDateTime } from "exiftool-vendored";

export interface TakenAt {
  date: Date;
  /** "+02:00" when the camera recorded its UTC offset (or the GPS time tells it); null when the time is local and zone-less. */
  offset: string | null;
}

/** Immich's order of the tags that may hold the capture time, as ExifTool names them (the SubSec ones are its composites). */
export const TAKEN_AT_TAGS = [
  "SubSecDateTimeOriginal",
  "DateTimeOriginal",
  "SubSecCreateDate",
  "CreationDate",
  "CreateDate",
  "SubSecMediaCreateDate",
  "MediaCreateDate",
  "DateTimeCreated",
  "GPSDateTime",
  "DateTimeUTC",
  "SonyDateTime2",
] as const;

type TakenAtTag = (typeof TAKEN_AT_TAGS)[number];

/** The EXIF offset tag of a date that does not carry its own, after which OffsetTime applies to all. */
const OFFSET_TAG: Partial<Record<TakenAtTag, "OffsetTimeOriginal" | "OffsetTimeDigitized">> = {
  SubSecDateTimeOriginal: "OffsetTimeOriginal",
  DateTimeOriginal: "OffsetTimeOriginal",
  SubSecCreateDate: "OffsetTimeDigitized",
  CreateDate: "OffsetTimeDigitized",
};

/** Times in UTC by definition, whether or not their text says so. */
const UTC_TAGS = new Set<TakenAtTag>(["GPSDateTime", "DateTimeUTC"]);

const UTC_OFFSET = /^([+-])(\d{2}):?(\d{2})$/;

/** The most a UTC offset can be (UTC+14:00, Kiribati); a larger GPS-to-camera gap is a wrong clock. */
const MAX_OFFSET_MINUTES = 14 * 60;

export type DateTags = Partial<Record<TakenAtTag | "OffsetTimeOriginal" | "OffsetTimeDigitized" | "OffsetTime", unknown>>;

/**
 * The capture time: the first valid date of TAKEN_AT_TAGS. Its UTC offset is the one written in
 * it (an EXIF composite's, a QuickTime CreationDate's), UTC for the GPS time and DateTimeUTC, else
 * its EXIF offset tag, else OffsetTime, else the gap between it and the GPS time; without any, the
 * wall clock is kept as if it were UTC (offset null), so it displays as the camera showed it.
 * Zones ExifTool only inferred are ignored.
 */
export function takenAtFromTags(tags: DateTags): TakenAt | null {
  for (const tag of TAKEN_AT_TAGS) {
    const wallClock = toExifDateTime(tags[tag]);
    const utcMillis = wallClock ? wallClockMillis(wallClock) : undefined;
    if (!wallClock || utcMillis === undefined) continue;
    const offsetMinutes =
      (wallClock.hasZone && !wallClock.inferredZone ? wallClock.tzoffsetMinutes : undefined) ??
      (UTC_TAGS.has(tag) ? 0 : undefined) ??
      parseOffset(tags[OFFSET_TAG[tag] ?? "OffsetTime"]) ??
      parseOffset(tags.OffsetTime);
    if (offsetMinutes !== undefined) return { date: new Date(utcMillis - offsetMinutes * 60_000), offset: formatOffset(offsetMinutes) };
    const local = { date: new Date(utcMillis), offset: null };
    return withOffsetFromGps(local, takenAtFromGps(tags.GPSDateTime)) ?? local;
  }
  return null;
}

function toExifDateTime(value: unknown): ExifDateTime | undefined {
  if (value instanceof ExifDateTime) return value;
  return typeof value === "string" ? ExifDateTime.fromExifStrict(value) : undefined;
}

/** The date's fields read as UTC; undefined for an impossible date ("0000:00:00 00:00:00" and the like). */
function wallClockMillis({ year, month, day, hour, minute, second, millisecond }: ExifDateTime): number | undefined {
  if (year < 1900 || month < 1 || month > 12 || day < 1 || day > 31 || hour > 23 || minute > 59 || second > 60) return undefined;
  const millis = Date.UTC(year, month - 1, day, hour, minute, second, millisecond ?? 0);
  return Number.isNaN(millis) ? undefined : millis;
}

function parseOffset(value: unknown): number | undefined {
  const match = typeof value === "string" ? UTC_OFFSET.exec(value.trim()) : null;
  if (!match) return undefined;
  const [, sign, hours, minutes] = match;
  const offsetMinutes = (sign === "-" ? -1 : 1) * (Number(hours) * 60 + Number(minutes));
  return Math.abs(offsetMinutes) <= MAX_OFFSET_MINUTES ? offsetMinutes : undefined;
}

function formatOffset(offsetMinutes: number): string {
  const pad = (value: number) => String(value).padStart(2, "0");
  return `${offsetMinutes < 0 ? "-" : "+"}${pad(Math.floor(Math.abs(offsetMinutes) / 60))}:${pad(Math.abs(offsetMinutes) % 60)}`;
}

/** GPSDateTime, ExifTool's composite of the GPS date and time stamps: UTC. */
function takenAtFromGps(value: unknown): TakenAt | null {
  const gps = toExifDateTime(value);
  const millis = gps ? wallClockMillis(gps) : undefined;
  return gps && millis !== undefined ? { date: new Date(millis - (gps.tzoffsetMinutes ?? 0) * 60_000), offset: "+00:00" } : null;
}

/** The camera's zone-less wall clock against the GPS's UTC of the same moment, to the nearest quarter hour. */
function withOffsetFromGps(local: TakenAt, gps: TakenAt | null): TakenAt | null {
  if (!gps) return null;
  const offsetMinutes = Math.round((local.date.getTime() - gps.date.getTime()) / 60_000 / 15) * 15;
  if (Math.abs(offsetMinutes) > MAX_OFFSET_MINUTES) return null;
  return { date: new Date(local.date.getTime() - offsetMinutes * 60_000), offset: formatOffset(offsetMinutes) };
}
