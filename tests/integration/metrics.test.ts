import { describe, expect, it } from "vitest";
import { api, baseUrl, createUser, uploadFixture, waitForSettled } from "@/tests/support/api";

const scrape = (token?: string) =>
  fetch(`${baseUrl()}/api/metrics`, { headers: token ? { authorization: `Bearer ${token}` } : {} });

/** The value of one series in Prometheus text, 0 when absent. */
function value(text: string, series: string): number {
  const line = text.split("\n").find((each) => each.startsWith(`${series} `));
  return line ? Number(line.slice(series.length + 1)) : 0;
}

describe("metrics", () => {
  it("are refused without the token", async () => {
    expect((await scrape()).status).toBe(401);
    expect((await scrape("wrong-token-of-some-length")).status).toBe(401);
  });

  it("count uploads, bytes, jobs and cache results across processes, and show the queue", async () => {
    const before = await (await scrape(process.env.METRICS_TOKEN)).text();
    const user = await createUser();
    const { body } = await uploadFixture(user, "camera/Kodak_CX7530.jpg");
    await uploadFixture(user, "camera/Kodak_CX7530.jpg");
    await waitForSettled(user, body.photo.id);
    await api(user, "/api/v1/photos");
    await api(user, "/api/v1/photos");

    const response = await scrape(process.env.METRICS_TOKEN);
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toContain("text/plain");
    const after = await response.text();
    const grew = (series: string) => value(after, series) - value(before, series);
    expect(grew('photo_backup_uploads_total{result="created"}')).toBeGreaterThanOrEqual(1);
    expect(grew('photo_backup_uploads_total{result="duplicate"}')).toBeGreaterThanOrEqual(1);
    expect(grew("photo_backup_upload_bytes_total")).toBeGreaterThanOrEqual(body.photo.size);
    // Counted by the worker process, read by the web process.
    await expect
      .poll(async () => value(await (await scrape(process.env.METRICS_TOKEN)).text(), 'photo_backup_jobs_total{job="generate-thumbnails",result="completed"}'))
      .toBeGreaterThan(value(before, 'photo_backup_jobs_total{job="generate-thumbnails",result="completed"}'));
    const seconds = value(await (await scrape(process.env.METRICS_TOKEN)).text(), 'photo_backup_job_duration_seconds_total{job="generate-thumbnails"}');
    expect(seconds).toBeGreaterThan(value(before, 'photo_backup_job_duration_seconds_total{job="generate-thumbnails"}'));
    expect(grew('photo_backup_grid_cache_requests_total{result="miss"}')).toBeGreaterThanOrEqual(1);
    expect(grew('photo_backup_grid_cache_requests_total{result="hit"}')).toBeGreaterThanOrEqual(1);
    for (const queue of ["photos", "videos"]) {
      expect(after).toMatch(new RegExp(`^photo_backup_queue_jobs\\{queue="${queue}",state="waiting"\\} \\d+$`, "m"));
      expect(after).toMatch(new RegExp(`^photo_backup_queue_oldest_wait_seconds\\{queue="${queue}"\\} \\d`, "m"));
    }
  });
});
