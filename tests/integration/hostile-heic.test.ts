import { describe, expect, it } from "vitest";
import { MAX_HEIC_PIXELS } from "@/lib/photos/decode-heic";
import { createUser, upload, uploadFixture, waitForSettled } from "@/tests/support/api";
import { heicDeclaring } from "@/tests/support/fixtures";

describe("a hostile HEIC", () => {
  it("declaring a huge size is refused before decoding: its photo fails with the reason, and the worker goes on with the others", async () => {
    const user = await createUser();
    const hostile = await Promise.all([heicDeclaring(12_000, 10_000), heicDeclaring(30_000, 30_000)]);
    const uploads = await Promise.all(hostile.map((bytes, index) => upload(user, bytes, { filename: `hostile-${index}.heic` })));
    const photos = await Promise.all(uploads.map(async (response) => ((await response.json()) as { photo: { id: string } }).photo));
    const good = await uploadFixture(user, "heic/IMG_5195.HEIC");

    const [huge, enormous] = await Promise.all(photos.map((photo) => waitForSettled(user, photo.id)));
    // 120 MP passes sharp's 200 MP limit and meets the HEIC decoder's own; 900 MP meets sharp's first.
    expect(huge).toMatchObject({ status: "failed", error: expect.stringContaining(`over the limit of ${MAX_HEIC_PIXELS} for HEIC images`) });
    expect(enormous).toMatchObject({ status: "failed", error: expect.stringMatching(/pixel limit/) });
    expect(await waitForSettled(user, good.body.photo.id)).toMatchObject({ status: "ready", width: 2566, height: 3313 });
  });
});
