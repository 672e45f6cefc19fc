/**
 * Hostile and broken uploads and requests: each gets a clear 4xx (or, once accepted, a photo that
 * ends `failed` with a reason), nothing else changes, and the web and worker processes stay up.
 */
import { deflateSync } from "node:zlib";
import { readFile } from "node:fs/promises";
import sharp from "sharp";
import { beforeAll, describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import type { Photo } from "@/lib/contract/photos";
import { api, createUser, expectError, fixturePath, upload, waitForSettled, type TestUser } from "@/tests/support/api";
import { storedOriginals } from "@/tests/support/store";

let user: TestUser;
let jpeg: Buffer;

beforeAll(async () => {
  user = await createUser();
  jpeg = await readFile(fixturePath("camera/Canon_40D.jpg"));
});

const photosOf = async (who: TestUser) => ((await (await api(who, "/api/v1/photos?limit=100")).json()) as { photos: Photo[] }).photos;

/** A request body as given, with the multipart content type this boundary. */
function rawMultipart(body: Buffer, boundary = "b0undary") {
  return api(user, "/api/v1/photos", { method: "POST", headers: { "content-type": `multipart/form-data; boundary=${boundary}` }, body: new Uint8Array(body) });
}

const filePart = (name: string, filename: string, bytes: Buffer | string, boundary = "b0undary") =>
  Buffer.concat([
    Buffer.from(`--${boundary}\r\ncontent-disposition: form-data; name="${name}"; filename="${filename}"\r\ncontent-type: image/jpeg\r\n\r\n`),
    Buffer.from(bytes),
    Buffer.from("\r\n"),
  ]);

/** A PNG whose header claims width × height pixels, with a few bytes of image data. */
function pngClaiming(width: number, height: number): Buffer {
  const crcTable = Array.from({ length: 256 }, (_, n) => {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    return c >>> 0;
  });
  const crc = (bytes: Buffer) => {
    let c = 0xffffffff;
    for (const byte of bytes) c = crcTable[(c ^ byte) & 0xff]! ^ (c >>> 8);
    return (c ^ 0xffffffff) >>> 0;
  };
  const chunk = (type: string, data: Buffer) => {
    const length = Buffer.alloc(4);
    length.writeUInt32BE(data.length);
    const body = Buffer.concat([Buffer.from(type), data]);
    const checksum = Buffer.alloc(4);
    checksum.writeUInt32BE(crc(body));
    return Buffer.concat([length, body, checksum]);
  };
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header.set([8, 2, 0, 0, 0], 8); // 8-bit RGB
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk("IHDR", header),
    chunk("IDAT", deflateSync(Buffer.alloc(1024))),
    chunk("IEND", Buffer.alloc(0)),
  ]);
}

/** A real JPEG with `segments` extra APP1 blocks of 64 KB of junk EXIF after its start marker. */
function jpegWithHugeExif(segments: number): Buffer {
  const app1 = Buffer.alloc(4 + 65_533);
  app1.set([0xff, 0xe1, 0xff, 0xff], 0);
  app1.write("Exif\0\0MM\0*", 4, "latin1");
  for (let i = 14; i < app1.length; i++) app1[i] = (i * 7) & 0xff;
  return Buffer.concat([jpeg.subarray(0, 2), ...Array.from({ length: segments }, () => app1), jpeg.subarray(2)]);
}

describe("files that are not photos", () => {
  it("are refused with 415 whatever their name: random bytes, HTML and SVG named .jpg", async () => {
    const attempts: [string, Buffer][] = [
      ["random.jpg", Buffer.from(Array.from({ length: 4096 }, (_, i) => (i * 2654435761) >>> 24))],
      ["page.jpg", Buffer.from("<!doctype html><html><script>alert(document.cookie)</script></html>")],
      ["drawing.jpg", Buffer.from('<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"><rect width="10" height="10"/></svg>')],
    ];
    for (const [filename, bytes] of attempts) {
      const error = await expectError(await upload(user, bytes, { filename }), 415, "unsupported_media_type");
      expect(error.message).toMatch(/JPEG|image/i);
    }
    expect(await storedOriginals(user.email)).toEqual([]);
  });
});

describe("images that cannot be decoded safely", () => {
  it("a PNG claiming 50,000 × 50,000 pixels ends failed without being decoded", async () => {
    const { photo } = (await (await upload(user, pngClaiming(50_000, 50_000), { filename: "bomb.png" })).json()) as { photo: Photo };
    const settled = await waitForSettled(user, photo.id);
    expect(settled.status).toBe("failed");
    expect(settled.error).toMatch(/pixels|limit/);
  });

  it("a JPEG with 6 MB of junk EXIF settles, and the worker goes on", async () => {
    const response = await upload(user, jpegWithHugeExif(96), { filename: "exif.jpg" });
    expect(response.status).toBe(201);
    const { photo } = (await response.json()) as { photo: Photo };
    const settled = await waitForSettled(user, photo.id);
    expect(["ready", "failed"]).toContain(settled.status);
    if (settled.status === "failed") expect(settled.error).toBeTruthy();
  });
});

describe("malformed requests", () => {
  it("answer 400 for broken multipart bodies, two file parts, and a part of the wrong name", async () => {
    const before = await storedOriginals(user.email);
    // No closing boundary: the body just stops.
    await expectError(await rawMultipart(filePart("file", "a.jpg", jpeg).subarray(0, 500)), 400);
    // A boundary parameter that is not in the body.
    await expectError(await rawMultipart(Buffer.concat([filePart("file", "a.jpg", jpeg), Buffer.from("--b0undary--\r\n")]), "other"), 400);
    // Content type without a boundary.
    await expectError(await api(user, "/api/v1/photos", { method: "POST", headers: { "content-type": "multipart/form-data" }, body: "x" }), 400);
    // Two files in one request.
    const second = await sharp(jpeg).rotate(90).jpeg().toBuffer();
    await expectError(
      await rawMultipart(Buffer.concat([filePart("file", "a.jpg", jpeg), filePart("file", "b.jpg", second), Buffer.from("--b0undary--\r\n")])),
      400,
    );
    // The file under another name.
    await expectError(await rawMultipart(Buffer.concat([filePart("photo", "a.jpg", jpeg), Buffer.from("--b0undary--\r\n")])), 400);
    expect(await storedOriginals(user.email)).toEqual(before);
  });

  it("answer 400 for malformed cursors, dates and limits, and 404 for malformed ids", async () => {
    for (const query of [
      "cursor=%%%",
      "cursor=eyJub3QiOiJhIGN1cnNvciJ9",
      `cursor=${"A".repeat(300)}`,
      "limit=100000",
      "limit=-1",
      "limit=1.5",
      "before=yesterday",
      "before=2024-05-01T00:00:00Z&cursor=abc",
    ]) {
      await expectError(await api(user, `/api/v1/photos?${query}`), 400, "bad_request");
    }
    for (const id of ["not-a-uuid", "..%2F..%2Fetc%2Fpasswd", "00000000-0000-0000-0000-000000000000", "'%20OR%201=1"]) {
      await expectError(await api(user, `/api/v1/photos/${id}`), 404, "not_found");
      await expectError(await api(user, `/api/v1/photos/${id}/original`), 404, "not_found");
    }
  });
});

describe("JSON bodies", () => {
  it("over 64 KB are refused with 413 at once, sent with a Content-Length or without, before any sign-in", async () => {
    const huge = JSON.stringify({ email: "someone@example.com", password: "x".repeat(70 * 1024) });
    const withLength = await api(null, "/api/v1/auth/signup", { method: "POST", headers: { "content-type": "application/json" }, body: huge });
    await expectError(withLength, 413, "payload_too_large");
    // Streamed without a length: read up to the limit, then refused, not buffered to the end.
    let sent = 0;
    const endless = new ReadableStream<Uint8Array>({
      pull(controller) {
        sent += 16 * 1024;
        controller.enqueue(new TextEncoder().encode(" ".repeat(16 * 1024)));
        if (sent > 64 * 1024 * 1024) controller.close();
      },
    });
    const chunked = await api(null, "/api/v1/auth/tokens", { method: "POST", headers: { "content-type": "application/json" }, body: endless, duplex: "half" } as RequestInit);
    await expectError(chunked, 413, "payload_too_large");
    expect(sent).toBeLessThan(16 * 1024 * 1024);
    // /check takes its 1,000 hashes (68 KB), and no more.
    const hashes = Array.from({ length: 1000 }, (_, index) => index.toString(16).padStart(64, "0"));
    expect((await api(user, "/api/v1/photos/check", { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ sha256: hashes }) })).status).toBe(200);
  });
});

describe("filenames", () => {
  it("are kept as display names only, cleaned of paths and control characters, and never reach a key", async () => {
    const other = await createUser();
    const variants = [
      ["../../etc/passwd.jpg", "passwd.jpg"],
      ["..\\..\\windows\\win.ini.jpg", "win.ini.jpg"],
      [`${"a".repeat(300)}.jpg`, "a".repeat(255)],
      ["🌅 sunset 🌊.jpg", "🌅 sunset 🌊.jpg"],
      ["\u202Egpj.exe", "gpj.exe"],
      ["صورة العائلة.jpg", "صورة العائلة.jpg"],
    ] as const;
    for (const [index, [filename, shown]] of variants.entries()) {
      // Each a different photo (not a duplicate): the same JPEG turned a little more each time.
      const bytes = await sharp(jpeg).rotate(index * 3 + 1, { background: "#000" }).jpeg().toBuffer();
      const response = await upload(other, bytes, { filename });
      expect(response.status, filename).toBe(201);
      const { photo } = (await response.json()) as { photo: Photo };
      expect(photo.filename, filename).toBe(shown);
    }
    // A NUL cannot be in a multipart header at all: the body is malformed.
    const nul = await upload(other, await sharp(jpeg).rotate(45).jpeg().toBuffer(), { filename: "nul\u0000byte.jpg" });
    expect((await expectError(nul, 400, "bad_request")).message).toMatch(/malformed|filename/i);
    const { id: userId } = await db.user.findUniqueOrThrow({ where: { email: other.email } });
    const keys = await storedOriginals(other.email);
    expect(keys).toHaveLength(variants.length);
    for (const key of keys) expect(key).toMatch(new RegExp(`^originals/${userId}/[0-9a-f-]{36}$`));
  });
});

describe("after all of it", () => {
  it("the web and worker processes still serve: health is ok and a new photo becomes ready", async () => {
    expect((await fetch(`${process.env.BASE_URL}/api/health`)).status).toBe(200);
    const response = await upload(user, await sharp(jpeg).flip().jpeg().toBuffer(), { filename: "after.jpg" });
    const { photo } = (await response.json()) as { photo: Photo };
    expect((await waitForSettled(user, photo.id)).status).toBe("ready");
    expect((await photosOf(user)).map((listed) => listed.id)).toContain(photo.id);
  });
});
