import type { Photo } from "@/lib/contract/photos";

const OFFSET = /^([+-])(\d{2}):?(\d{2})$/;

function offsetMinutes(offset: string | null): number {
  const match = offset ? OFFSET.exec(offset) : null;
  if (!match) return 0;
  return (match[1] === "-" ? -1 : 1) * (Number(match[2]) * 60 + Number(match[3]));
}

/**
 * The time the camera showed, as a Date to be read in UTC: takenAt plus its offset when one was
 * recorded; without one takenAt already is the camera's wall clock stored as UTC.
 */
export function wallClock(photo: Pick<Photo, "takenAt" | "takenAtOffset">): Date {
  return new Date(Date.parse(photo.takenAt) + offsetMinutes(photo.takenAtOffset) * 60_000);
}

/** "2024-05-31": the day a photo is grouped under. */
export const dayKeyOf = (photo: Pick<Photo, "takenAt" | "takenAtOffset">) => wallClock(photo).toISOString().slice(0, 10);

/** "2024-05": the bucket a photo is listed in (the UTC month of the instant, as the API groups them). */
export const monthOf = (photo: Pick<Photo, "takenAt">) => photo.takenAt.slice(0, 7);

/** The first instant of the month after `month`: `before=` for a month's first page. */
export function monthEnd(month: string): string {
  const [year, monthNumber] = month.split("-").map(Number) as [number, number];
  return new Date(Date.UTC(year, monthNumber, 1)).toISOString();
}

const localDayKey = (date: Date) =>
  `${date.getFullYear()}-${String(date.getMonth() + 1).padStart(2, "0")}-${String(date.getDate()).padStart(2, "0")}`;

const dayFormat = new Intl.DateTimeFormat(undefined, {
  weekday: "long",
  day: "numeric",
  month: "long",
  year: "numeric",
  timeZone: "UTC",
});

/** "Saturday, 12 April 2025" in the reader's locale; "Today" and "Yesterday" for recent days. */
export function formatDay(dayKey: string, now = new Date()): string {
  if (dayKey === localDayKey(now)) return "Today";
  const yesterday = new Date(now);
  yesterday.setDate(now.getDate() - 1);
  if (dayKey === localDayKey(yesterday)) return "Yesterday";
  return dayFormat.format(new Date(`${dayKey}T00:00:00Z`));
}

/**
 * The same in a fixed locale and without "Today": what the server renders and hydration must
 * match, whatever the server's and the reader's locale and clock; replaced once hydrated.
 */
const stableDayFormat = new Intl.DateTimeFormat("en-US", {
  weekday: "long",
  day: "numeric",
  month: "long",
  year: "numeric",
  timeZone: "UTC",
});
export const formatDayStable = (dayKey: string) => stableDayFormat.format(new Date(`${dayKey}T00:00:00Z`));

const stableMonthFormat = new Intl.DateTimeFormat("en-US", { month: "long", year: "numeric", timeZone: "UTC" });
export const formatMonthStable = (month: string) => stableMonthFormat.format(new Date(`${month}-01T00:00:00Z`));

const monthFormat = new Intl.DateTimeFormat(undefined, { month: "long", year: "numeric", timeZone: "UTC" });

/** "May 2024" */
export const formatMonth = (month: string) => monthFormat.format(new Date(`${month}-01T00:00:00Z`));

const dateTimeFormat = new Intl.DateTimeFormat(undefined, {
  weekday: "long",
  day: "numeric",
  month: "long",
  year: "numeric",
  hour: "numeric",
  minute: "2-digit",
  timeZone: "UTC",
});
const shortDateFormat = new Intl.DateTimeFormat(undefined, { day: "numeric", month: "short", year: "numeric", timeZone: "UTC" });

/** "Saturday, 12 April 2025 at 14:03" as the camera showed it. */
export const formatTaken = (photo: Photo) => dateTimeFormat.format(wallClock(photo));

/** "12 Apr 2025": used in alt text. */
export const formatShortDate = (photo: Photo) => shortDateFormat.format(wallClock(photo));
