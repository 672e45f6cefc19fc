import { ExifTool, type Tags } from "exiftool-vendored";

/*
 * The worker's one ExifTool (exiftool-vendored: ExifTool kept running in -stay_open mode on the
 * machine's perl). It reads every capture date, QuickTime and maker-note tags, XMP of any format,
 * and the previews camera RAW files carry. Started on first use; `endExiftool` stops its processes
 * so that a worker or test can exit.
 */
let instance: ExifTool | undefined;

export function exiftool(): ExifTool {
  // Two processes at most: a read takes milliseconds, and each perl costs about 30 MB.
  instance ??= new ExifTool({ maxProcs: 2, taskTimeoutMillis: 30_000 });
  return instance;
}

export async function endExiftool(): Promise<void> {
  const running = instance;
  instance = undefined;
  await running?.end();
}

/**
 * A file's tags with the zones its dates record and no others: exiftool-vendored otherwise gives
 * zone-less dates a zone guessed from the GPS position, other dates or the GPS time, and calls a
 * video's QuickTime dates UTC. The whole file is read (not -fast, which skips trailers) for
 * Samsung's, which may hold a Motion Photo's clip.
 */
export const readMediaTags = (path: string): Promise<Tags> =>
  exiftool().read(path, {
    readArgs: [],
    backfillTimezones: false,
    inferTimezoneFromDatestamps: false,
    inferTimezoneFromTimeStamp: false,
    preferTimezoneInferenceFromGps: false,
    defaultVideosToUTC: false,
    geolocation: false,
  });
