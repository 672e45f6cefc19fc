// prisma.config.ts as the Prisma CLI reads it (@prisma/config's loader, in a process of its own so
// each sees its own environment). The CLI's migrate commands need its engine, which cannot be
// downloaded on every machine, so they are not run here.
import { execFileSync, spawnSync } from "node:child_process";
import path from "node:path";
import { describe, expect, it } from "vitest";

const LOAD_CONFIG = `
import { loadConfigFromFile } from "@prisma/config";
const { config, error } = await loadConfigFromFile({ configFile: "prisma.config.ts" });
if (error) throw new Error(error._tag);
console.log(JSON.stringify({ url: config.datasource?.url ?? null, schema: config.schema, migrations: config.migrations }));
`;

function loadedConfig(env: NodeJS.ProcessEnv) {
  const output = execFileSync(process.execPath, ["--input-type=module", "-e", LOAD_CONFIG], { env, encoding: "utf8" });
  return JSON.parse(output) as { url: string | null; schema: string; migrations: { path: string } };
}

// child_process leaves out variables whose value is undefined.
const withoutDatabaseUrl: NodeJS.ProcessEnv = { ...process.env, DATABASE_URL: undefined };

describe("prisma.config.ts", { timeout: 60_000 }, () => {
  it("names DATABASE_URL as the datasource URL for the CLI's migrate commands", () => {
    const url = "postgres://photo:secret@db.example:5432/photo_backup";
    const config = loadedConfig({ ...process.env, DATABASE_URL: url });
    expect(config.url).toBe(url);
    expect(config.schema).toBe(path.resolve("prisma/schema.prisma"));
    expect(config.migrations.path).toBe(path.resolve("prisma/migrations"));
  });

  it("loads without DATABASE_URL, and the CLI then still reads the schema (as postinstall's generate does)", () => {
    expect(loadedConfig(withoutDatabaseUrl).url).toBeNull();
    const validate = spawnSync(path.resolve("node_modules/.bin/prisma"), ["validate"], {
      // The stand-in engine postinstall uses: `validate` needs no engine, but the CLI fetches one first.
      env: { ...withoutDatabaseUrl, PRISMA_SCHEMA_ENGINE_BINARY: "/bin/true" },
      encoding: "utf8",
    });
    expect(validate.status, validate.stderr).toBe(0);
    expect(validate.stdout + validate.stderr).toContain("is valid");
  });
});
