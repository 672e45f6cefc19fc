import { describe, expect, it } from "vitest";
import { isChecksumRefusal } from "@/lib/storage";

describe("isChecksumRefusal", () => {
  it("knows S3's refusals of a body that lost its SHA-256 (either header), and Garage's", () => {
    expect(isChecksumRefusal(Object.assign(new Error("x"), { name: "BadDigest" }))).toBe(true);
    expect(isChecksumRefusal(Object.assign(new Error("x"), { name: "InvalidDigest" }))).toBe(true);
    expect(isChecksumRefusal(Object.assign(new Error("x"), { name: "XAmzContentSHA256Mismatch" }))).toBe(true);
    expect(isChecksumRefusal(Object.assign(new Error("x"), { name: "AccessDenied" }))).toBe(false);
    expect(isChecksumRefusal(null)).toBe(false);
  });
});
