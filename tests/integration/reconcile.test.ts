import { randomUUID } from "node:crypto";
import { readFile } from "node:fs/promises";
import { describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { reconcileProcessingPhotos } from "@/lib/photos/reconcile-processing";
import { objectKeys, putObject } from "@/lib/storage";
import { createUser, fixturePath, waitForSettled } from "@/tests/support/api";

describe("nothing accepted is lost", () => {
  it("re-queues a stored photo whose job never reached the queue", async () => {
    const user = await createUser();
    const { id: userId } = await db.user.findUniqueOrThrow({ where: { email: user.email } });
    // What a crash between storing and enqueueing leaves: the object and a processing row, no job.
    const photoId = randomUUID();
    await putObject(objectKeys.original(userId, photoId), await readFile(fixturePath("camera/Fujifilm_FinePix_E500.jpg")), "image/jpeg");
    await db.photo.create({
      data: {
        id: photoId,
        userId,
        filename: "Fujifilm.jpg",
        contentType: "image/jpeg",
        size: 2241n,
        sha256: "f".repeat(64),
        takenAt: new Date(),
        uploadedAt: new Date(Date.now() - 10 * 60_000),
      },
    });
    const { requeued } = await reconcileProcessingPhotos();
    expect(requeued).toBeGreaterThanOrEqual(1);
    expect((await waitForSettled(user, photoId)).status).toBe("ready");
  });
});
