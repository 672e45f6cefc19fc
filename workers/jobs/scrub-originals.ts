import { scrubOriginals } from "@/lib/photos/scrub-originals";

export async function scrubOriginalsJob() {
  return scrubOriginals();
}
