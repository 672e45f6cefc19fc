import { readdir, readFile } from "node:fs/promises";
import path from "node:path";
import { Validator } from "@seriousme/openapi-schema-validator";
import { describe, expect, it } from "vitest";
import { openApiDocument } from "@/lib/contract/openapi";

const METHODS = ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"];

/** Every route file under app/api, as the paths it serves (`[id]` → `{id}`; `[[...id]]` serves both with and without). */
async function apiRoutes(): Promise<{ paths: string[]; methods: string[]; file: string }[]> {
  const files = (await readdir("app/api", { recursive: true })).filter((file) => path.basename(file) === "route.ts");
  return Promise.all(
    files.map(async (file) => {
      const source = await readFile(path.join("app/api", file), "utf8");
      const exported = new Set<string>();
      for (const [, name] of source.matchAll(/export (?:const|async function|function) (\w+)/g)) exported.add(name!);
      for (const [, list] of source.matchAll(/export \{([^}]+)\}/g)) for (const [, name] of list!.matchAll(/as (\w+)/g)) exported.add(name!);
      const segments = path.dirname(file).split(path.sep);
      const optional = segments.at(-1)?.match(/^\[\[\.\.\.(\w+)\]\]$/);
      const base = `/api/${(optional ? segments.slice(0, -1) : segments).map((segment) => segment.replace(/^\[(\w+)\]$/, "{$1}")).join("/")}`;
      const paths = optional ? [base, `${base}/{${optional[1]}}`] : [base];
      return { paths, methods: METHODS.filter((method) => exported.has(method)), file };
    }),
  );
}

describe("openApiDocument", () => {
  it("is a valid OpenAPI 3.1 document", async () => {
    const validator = new Validator();
    const result = await validator.validate(openApiDocument() as never);
    expect(result.errors ?? []).toEqual([]);
    expect(result.valid).toBe(true);
    expect(validator.version).toBe("3.1");
    const declared = Object.keys(openApiDocument().components?.securitySchemes ?? {});
    const used = JSON.stringify(openApiDocument().paths).matchAll(/"security":\[([^\]]*)\]/g);
    for (const [, requirements] of used) for (const [, name] of requirements!.matchAll(/"(\w+)":/g)) expect(declared).toContain(name);
  });

  it("describes every route under app/api with each method it exports", async () => {
    const paths = openApiDocument().paths ?? {};
    const routes = await apiRoutes();
    expect(routes.length).toBeGreaterThan(10);
    const missing: string[] = [];
    for (const route of routes) {
      // A catch-all's methods are split between its paths: every method must be on one of them.
      for (const method of route.methods) {
        if (!route.paths.some((routePath) => paths[routePath]?.[method.toLowerCase() as "get"])) missing.push(`${method} ${route.paths.join(" | ")} (${route.file})`);
      }
    }
    expect(missing).toEqual([]);
  });
});
