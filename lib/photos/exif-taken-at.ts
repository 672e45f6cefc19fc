import exifr from "exifr";

const EXIF_DATE = /^(\d{4}):(\d{2}):(\d{2})[ T](\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,3}))?/;
const UTC_OFFSET = /^([+-])(\d{2}):?(\d{2})$/;

export interface TakenAt {
  date: Date;
  /** "+02:00" when the camera recorded its UTC offset (or the GPS time tells it); null when the time is local and zone-less. */
  offset: string | null;
}

/**
 * Parses EXIF DateTimeOriginal. With OffsetTimeOriginal the instant is exact; without one the
 * camera's wall-clock time is kept as if it were UTC, so it displays as the camera showed it.
 */
export function parseExifDate(dateTime: unknown, offset?: unknown, subSeconds?: unknown): TakenAt | null {
  if (typeof dateTime !== "string") return null;
  const match = EXIF_DATE.exec(dateTime.trim());
  if (!match) return null;
  const [year, month, day, hour, minute, second] = match.slice(1, 7).map(Number) as [number, number, number, number, number, number];
  const fraction = match[7] ?? (typeof subSeconds === "string" || typeof subSeconds === "number" ? String(subSeconds).slice(0, 3) : "0");
  const millis = Number(fraction.padEnd(3, "0")) || 0;
  if (year < 1900 || month < 1 || month > 12 || day < 1 || day > 31 || hour > 23 || minute > 59 || second > 60) return null;
  let timestamp = Date.UTC(year, month - 1, day, hour, minute, second, millis);
  const offsetMatch = typeof offset === "string" ? UTC_OFFSET.exec(offset.trim()) : null;
  if (offsetMatch) {
    const [, sign, hours, minutes] = offsetMatch;
    const offsetMinutes = (sign === "-" ? -1 : 1) * (Number(hours) * 60 + Number(minutes));
    timestamp -= offsetMinutes * 60_000;
  }
  const date = new Date(timestamp);
  if (Number.isNaN(date.getTime())) return null;
  return { date, offset: offsetMatch ? `${offsetMatch[1]}${offsetMatch[2]}:${offsetMatch[3]}` : null };
}

/** The most a UTC offset can be (UTC+14:00, Kiribati); a larger GPS-to-camera gap is a wrong clock. */
const MAX_OFFSET_MINUTES = 14 * 60;

interface DateTags {
  DateTimeOriginal?: unknown;
  SubSecTimeOriginal?: unknown;
  OffsetTimeOriginal?: unknown;
  CreateDate?: unknown;
  SubSecTimeDigitized?: unknown;
  OffsetTimeDigitized?: unknown;
  OffsetTime?: unknown;
  GPSDateStamp?: unknown;
  GPSTimeStamp?: unknown;
}

/**
 * The capture time in Immich's order, as far as exifr reads those tags from a still: the original
 * time (DateTimeOriginal with SubSecTimeOriginal), then the digitized one (CreateDate with
 * SubSecTimeDigitized), then GPSDateStamp + GPSTimeStamp, which are UTC. The QuickTime and maker
 * note dates of that order (CreationDate, MediaCreateDate, DateTimeUTC, SonyDateTime2) and IPTC's
 * (exifr cannot pick it) are not read. A local time's offset is the one recorded with it, else
 * OffsetTime, else the gap between it and the GPS time; without any it stays the wall clock as UTC.
 */
export function takenAtFromTags(tags: DateTags): TakenAt | null {
  const gps = gpsTakenAt(tags.GPSDateStamp, tags.GPSTimeStamp);
  const local =
    parseExifDate(tags.DateTimeOriginal, tags.OffsetTimeOriginal ?? tags.OffsetTime, tags.SubSecTimeOriginal) ??
    parseExifDate(tags.CreateDate, tags.OffsetTimeDigitized ?? tags.OffsetTime, tags.SubSecTimeDigitized);
  if (!local) return gps;
  if (local.offset || !gps) return local;
  return withOffsetFromGps(local, gps) ?? local;
}

/** GPSDateStamp ("2019:07:14") and GPSTimeStamp (hours, minutes, seconds), a UTC instant. */
function gpsTakenAt(dateStamp: unknown, timeStamp: unknown): TakenAt | null {
  if (!Array.isArray(timeStamp) || timeStamp.length !== 3 || !timeStamp.every((part) => typeof part === "number" && part >= 0)) return null;
  const [hours, minutes, seconds] = timeStamp as [number, number, number];
  const pad = (value: number) => String(Math.floor(value)).padStart(2, "0");
  const millis = String(Math.min(999, Math.round((seconds % 1) * 1000))).padStart(3, "0");
  return parseExifDate(`${String(dateStamp)} ${pad(hours)}:${pad(minutes)}:${pad(seconds)}.${millis}`, "+00:00");
}

/** The camera's zone-less wall clock against the GPS's UTC of the same moment, to the nearest quarter hour. */
function withOffsetFromGps(local: TakenAt, gps: TakenAt): TakenAt | null {
  const offsetMinutes = Math.round((local.date.getTime() - gps.date.getTime()) / 60_000 / 15) * 15;
  if (Math.abs(offsetMinutes) > MAX_OFFSET_MINUTES) return null;
  const sign = offsetMinutes < 0 ? "-" : "+";
  const pad = (value: number) => String(value).padStart(2, "0");
  const offset = `${sign}${pad(Math.floor(Math.abs(offsetMinutes) / 60))}:${pad(Math.abs(offsetMinutes) % 60)}`;
  return { date: new Date(local.date.getTime() - offsetMinutes * 60_000), offset };
}

/**
 * One object for every call: exifr keeps the parsed form of each options object it is given in a
 * Map keyed by that object, forever. A fresh literal per photo grew the worker's heap by about
 * 7 KB a photo (tens of MB an hour under load).
 */
const TAKEN_AT_OPTIONS = {
  pick: [
    "DateTimeOriginal",
    "SubSecTimeOriginal",
    "OffsetTimeOriginal",
    "CreateDate",
    "SubSecTimeDigitized",
    "OffsetTimeDigitized",
    "OffsetTime",
    "GPSDateStamp",
    "GPSTimeStamp",
  ] satisfies (keyof DateTags)[],
  reviveValues: false,
};

export async function readExifTakenAt(path: string): Promise<TakenAt | null> {
  const tags = (await exifr.parse(path, TAKEN_AT_OPTIONS).catch(() => null)) as DateTags | null | undefined;
  return tags ? takenAtFromTags(tags) : null;
}
