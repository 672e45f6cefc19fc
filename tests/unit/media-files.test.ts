import { describe, expect, it } from "vitest";
import manifest from "@/app/manifest";
import { ACCEPTED_MEDIA, isMediaFile } from "@/components/backup/media-files";

describe("media files", () => {
  it("takes videos, RAW and JPEG XL by name even when the browser gives no type", () => {
    for (const name of ["clip.MOV", "a.mp4", "b.m4v", "c.3gp", "d.webm", "e.mkv", "f.avi", "00001.MTS"]) expect(isMediaFile({ name, type: "" }), name).toBe(true);
    for (const name of ["IMG_1.DNG", "a.cr2", "a.cr3", "a.nef", "a.arw", "a.orf", "a.raf", "a.rw2", "a.pef", "a.jxl", "a.HEIC"]) expect(isMediaFile({ name, type: "" }), name).toBe(true);
  });

  it("takes any image or video type, and nothing else", () => {
    expect(isMediaFile({ name: "untitled", type: "video/quicktime" })).toBe(true);
    expect(isMediaFile({ name: "untitled", type: "image/png" })).toBe(true);
    expect(isMediaFile({ name: "notes.txt", type: "text/plain" })).toBe(false);
    expect(isMediaFile({ name: "movie.mov.part", type: "" })).toBe(false);
  });

  it("offers videos in the file picker and the share target", () => {
    expect(ACCEPTED_MEDIA).toEqual(expect.arrayContaining(["image/*", "video/*", ".mov", ".dng", ".jxl"]));
    const shared = manifest().share_target as unknown as { params: { files: { accept: string[] }[] } };
    expect(shared.params.files[0]!.accept).toEqual(expect.arrayContaining(["video/*", ".mts", ".cr3"]));
  });
});
