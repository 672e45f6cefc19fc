import { ExifTool } from "exiftool-vendored";

/*
 * The worker's one ExifTool (exiftool-vendored: ExifTool kept running in -stay_open mode on the
 * machine's perl). It reads what exifr cannot: QuickTime and maker-note tags, XMP of any format,
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
