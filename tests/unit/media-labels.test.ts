import { describe, expect, it } from "vitest";
import { formatDuration, mediaTypeLabel } from "@/components/library/media-labels";

describe("formatDuration", () => {
  it("shows m:ss under an hour and h:mm:ss from an hour on", () => {
    expect(formatDuration(0)).toBe("0:00");
    expect(formatDuration(4_400)).toBe("0:04");
    expect(formatDuration(59_600)).toBe("1:00");
    expect(formatDuration(754_000)).toBe("12:34");
    expect(formatDuration(3_600_000)).toBe("1:00:00");
    expect(formatDuration(3_725_000)).toBe("1:02:05");
  });
});

describe("mediaTypeLabel", () => {
  const label = (contentType: string, filename = "file") => mediaTypeLabel({ contentType, filename });

  it("names videos by the format people know", () => {
    expect(label("video/quicktime")).toBe("MOV video");
    expect(label("video/mp4")).toBe("MP4 video");
    expect(label("video/x-m4v")).toBe("M4V video");
    expect(label("video/3gpp")).toBe("3GP video");
    expect(label("video/webm")).toBe("WebM video");
    expect(label("video/x-matroska")).toBe("MKV video");
    expect(label("video/matroska")).toBe("MKV video");
    expect(label("video/vnd.avi")).toBe("AVI video");
    expect(label("video/x-msvideo")).toBe("AVI video");
    expect(label("video/mp2t")).toBe("MTS video");
  });

  it("names camera RAW by its extension, and other stills by their format", () => {
    expect(label("image/x-adobe-dng")).toBe("DNG RAW");
    expect(label("image/x-canon-cr3")).toBe("CR3 RAW");
    expect(label("image/x-fujifilm-raf")).toBe("RAF RAW");
    expect(label("image/jxl")).toBe("JPEG XL image");
    expect(label("image/jpeg")).toBe("JPEG image");
    expect(label("image/heic-sequence")).toBe("HEIC image");
  });

  it("falls back to the file's extension, then to a plain word", () => {
    expect(label("application/octet-stream", "clip.avchd")).toBe("AVCHD file");
    expect(label("application/octet-stream", "noextension")).toBe("File");
  });
});
