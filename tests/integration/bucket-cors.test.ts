import { GetBucketCorsCommand } from "@aws-sdk/client-s3";
import { describe, expect, it } from "vitest";
import { bucket, s3 } from "@/lib/storage";
import { createUser, uploadFixture, waitForSettled } from "@/tests/support/api";

describe("the bucket's CORS rule, set by the start-up's store setup", () => {
  it("allows GET and HEAD from APP_ORIGIN only", async () => {
    const { CORSRules } = await s3.send(new GetBucketCorsCommand({ Bucket: bucket }));
    expect(CORSRules).toEqual([expect.objectContaining({ AllowedOrigins: [process.env.APP_ORIGIN], AllowedMethods: ["GET", "HEAD"] })]);
  });

  it("lets the app's pages read thumbnails with CORS requests, and no other origin", async () => {
    const user = await createUser();
    const { body } = await uploadFixture(user, "camera/Pentax_K10D.jpg");
    const photo = await waitForSettled(user, body.photo.id);
    const thumbnail = photo.thumbnails!.small;

    const fromApp = await fetch(thumbnail, { headers: { origin: process.env.APP_ORIGIN! } });
    expect(fromApp.status).toBe(200);
    expect(fromApp.headers.get("access-control-allow-origin")).toBe(process.env.APP_ORIGIN);

    const elsewhere = await fetch(thumbnail, { headers: { origin: "https://elsewhere.example" } });
    expect(elsewhere.headers.get("access-control-allow-origin")).toBeNull();
  });
});
