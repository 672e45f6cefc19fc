/**
 * What the backup takes, by name and type: photos, videos, camera RAW and JPEG XL. Only to offer and
 * pick files; the server judges every file by its bytes (lib/photos/inspect-original.ts).
 */
const MEDIA_EXTENSIONS = [
  ...["jpg", "jpeg", "png", "webp", "heic", "heif", "avif", "gif", "tif", "tiff", "jxl"],
  ...["dng", "cr2", "cr3", "nef", "arw", "orf", "raf", "rw2", "pef"],
  ...["mp4", "m4v", "mov", "3gp", "webm", "mkv", "avi", "mts"],
];

const MEDIA_NAME = new RegExp(`\\.(${MEDIA_EXTENSIONS.join("|")})$`, "i");

/** A file input's `accept`: every image and video type, and the extensions browsers give no type to. */
export const ACCEPTED_MEDIA = ["image/*", "video/*", ...MEDIA_EXTENSIONS.map((extension) => `.${extension}`)];

export const isMediaFile = (file: { name: string; type: string }) =>
  MEDIA_NAME.test(file.name) || file.type.startsWith("image/") || file.type.startsWith("video/");
