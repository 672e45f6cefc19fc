const MAX_FILENAME_LENGTH = 255;

/**
 * The name shown to the user: the last path segment, NFC, without control characters or the
 * invisible bidi controls that can make "gpj.exe" read as "exe.jpg" (right-to-left text itself is
 * kept), at most 255 characters. It is display data only: object keys never contain it.
 */
export function sanitizeFilename(raw: string | undefined): string {
  const lastSegment = (raw ?? "").split(/[/\\]/).pop() ?? "";
  const printable = lastSegment.normalize("NFC").replace(/[\u0000-\u001f\u007f-\u009f\u200e\u200f\u202a-\u202e\u2066-\u2069]/g, "").trim();
  const clipped = Array.from(printable).slice(0, MAX_FILENAME_LENGTH).join("");
  return clipped === "" || clipped === "." || clipped === ".." ? "photo" : clipped;
}
