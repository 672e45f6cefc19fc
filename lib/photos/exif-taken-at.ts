import exifr from "exifr";

const EXIF_DATE = /^(\d{4}):(\d{2}):(\d{2})[ T](\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,3}))?/;
const UTC_OFFSET = /^([+-])(\d{2}):?(\d{2})$/;

interface TakenAt {
  date: Date;
  /** "+02:00" when the camera recorded its UTC offset; null when the time is local and zone-less. */
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

/**
 * One object for every call: exifr keeps the parsed form of each options object it is given in a
 * Map keyed by that object, forever. A fresh literal per photo grew the worker's heap by about
 * 7 KB a photo (tens of MB an hour under load).
 */
const TAKEN_AT_OPTIONS = {
  pick: ["DateTimeOriginal", "OffsetTimeOriginal", "SubSecTimeOriginal", "CreateDate", "OffsetTimeDigitized"],
  reviveValues: false,
};

export async function readExifTakenAt(path: string): Promise<TakenAt | null> {
  const tags = await exifr.parse(path, TAKEN_AT_OPTIONS).catch(() => null);
  if (!tags) return null;
  return (
    parseExifDate(tags.DateTimeOriginal, tags.OffsetTimeOriginal, tags.SubSecTimeOriginal) ??
    parseExifDate(tags.CreateDate, tags.OffsetTimeDigitized)
  );
}
