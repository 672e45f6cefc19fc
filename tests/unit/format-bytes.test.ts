import { describe, expect, it } from "vitest";
import { formatBytes } from "@/lib/contract/format-bytes";

describe(formatBytes.name, () => {
  it.each([
    [0, "0 bytes"],
    [999, "999 bytes"],
    [2_182_707, "2.2 MB"],
    [353_000, "353 KB"],
    [1_500_000_000, "1.5 GB"],
  ])("formats %d bytes as %j", (bytes, text) => {
    expect(formatBytes(bytes)).toBe(text);
  });
});
