import { spawnSync } from "node:child_process";
import { describe, expect, it } from "vitest";
import { RUN_TYPESCRIPT } from "@/scripts/run-typescript";

function start(env: Record<string, string>) {
  const result = spawnSync(process.execPath, [...RUN_TYPESCRIPT, "scripts/start.ts"], {
    env: { ...process.env, ...env },
    encoding: "utf8",
    timeout: 30_000,
  });
  return { status: result.status, output: `${result.stdout}${result.stderr}` };
}

describe("npm start", () => {
  it("stops with a message naming the fix when Redis does not answer", () => {
    const { status, output } = start({ REDIS_URL: "redis://127.0.0.1:1" });
    expect(status).toBe(1);
    expect(output).toContain("Redis is not answering at redis://127.0.0.1:1");
    expect(output).toContain("REDIS_URL");
  });

  it("names ffmpeg as a prerequisite with the fix when it is missing, and goes on starting", () => {
    // A database nobody answers at stops it right after the prerequisites, which is all this looks at.
    const { status, output } = start({ FFMPEG_PATH: "/nonexistent/ffmpeg", DATABASE_URL: "postgres://postgres@127.0.0.1:1/none" });
    expect(output).toContain('ffmpeg is not installed (looked for "/nonexistent/ffmpeg"): install it (Debian/Ubuntu: `apt-get install ffmpeg`)');
    expect(output).toContain("Photos work without it; videos are kept but wait");
    expect(status).not.toBe(0);
  });

  it("stops with a message naming a wrong setting", () => {
    const { status, output } = start({ PORT: "eighty" });
    expect(status).not.toBe(0);
    expect(output).toMatch(/Invalid environment:\s+PORT="eighty"/);
  });
});
