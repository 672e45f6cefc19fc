import type { Photo } from "@/lib/contract/photos";

/** A video's length as a clock: m:ss, or h:mm:ss from an hour on. */
export function formatDuration(ms: number): string {
  const total = Math.round(ms / 1000);
  const hours = Math.floor(total / 3600);
  const minutes = Math.floor((total % 3600) / 60);
  const seconds = String(total % 60).padStart(2, "0");
  return hours ? `${hours}:${String(minutes).padStart(2, "0")}:${seconds}` : `${minutes}:${seconds}`;
}

/** Subtypes whose name is not the format people know (file-type's and IANA's MIME names). */
const FORMAT_NAMES: Record<string, string> = {
  quicktime: "MOV",
  matroska: "MKV",
  msvideo: "AVI",
  avi: "AVI",
  mp2t: "MTS",
  "3gpp": "3GP",
  "3gpp2": "3G2",
  webm: "WebM",
  jxl: "JPEG XL",
  "heic-sequence": "HEIC",
  "heif-sequence": "HEIF",
};

/**
 * What a file is, in two words, for an item with no preview: "MOV video", "DNG RAW", "JPEG XL image".
 * Camera RAW types are image/x-<maker>-<extension>; anything unknown is named by its extension.
 */
export function mediaTypeLabel({ contentType, filename }: Pick<Photo, "contentType" | "filename">): string {
  const [type = "", rawSubtype = ""] = contentType.toLowerCase().split(";")[0]!.trim().split("/");
  const raw = /^x-[a-z]+-([a-z0-9]+)$/.exec(rawSubtype);
  if (type === "image" && raw) return `${raw[1]!.toUpperCase()} RAW`;
  const subtype = rawSubtype.replace(/^(x-|vnd\.)/, "");
  if ((type === "video" || type === "image") && subtype) return `${FORMAT_NAMES[subtype] ?? subtype.toUpperCase()} ${type}`;
  const extension = /\.([a-z0-9]{1,5})$/i.exec(filename)?.[1];
  return extension ? `${extension.toUpperCase()} file` : "File";
}
