import { ESLint } from "eslint";
import { describe, expect, it } from "vitest";

/** What the project's lint config says of this source, were it at `filePath`: the rules that fired. */
async function violations(filePath: string, code: string): Promise<string[]> {
  const [result] = await new ESLint().lintText(code, { filePath });
  return result!.messages.filter((message) => message.severity === 2).map((message) => `${message.ruleId}: ${message.message}`);
}

// ESLint started cold: seconds, more on a busy machine.
describe("the architecture's boundaries (eslint.config.mjs)", { timeout: 60_000 }, () => {
  it("keep server modules out of the browser, and let it have the contract", async () => {
    expect(await violations("components/library/probe.ts", `import { db } from "@/lib/db";\nexport const x = db;\n`)).toEqual([
      expect.stringContaining("Browser code imports no server module"),
    ]);
    expect(await violations("app/sw.ts", `import { env } from "@/lib/env";\nexport const x = env;\n`)).toHaveLength(1);
    expect(await violations("components/probe.ts", `import type { Photo } from "@/lib/contract/photos";\nexport type X = Photo;\n`)).toEqual([]);
  });

  it("keep the HTTP layer out of the domain and the worker, and the UI out of lib/", async () => {
    for (const [file, specifier] of [
      ["lib/photos/probe.ts", "@/lib/api/errors"],
      ["lib/photos/probe.ts", "next/server"],
      ["workers/jobs/probe.ts", "@tus/server"],
      ["lib/api/probe.ts", "@/components/api-client"],
    ]) {
      expect(await violations(file!, `import * as x from "${specifier}";\nexport const y = x;\n`), `${file} ← ${specifier}`).toHaveLength(1);
    }
    expect(await violations("lib/api/probe.ts", `import * as x from "next/server";\nexport const y = x;\n`)).toEqual([]);
  });

  it("let only a table's owner query it", async () => {
    const query = `import { db } from "@/lib/db";\nexport const n = () => db.photo.count();\n`;
    expect(await violations("lib/photos/probe.ts", query)).toEqual([expect.stringContaining("Only lib/photos/photo-repository.ts")]);
    expect(await violations("lib/photos/photo-repository.ts", query)).toEqual([]);
    expect(await violations("lib/admin.ts", `import { db } from "@/lib/db";\nexport const n = () => db.$queryRaw\`SELECT 1\`;\n`)).toHaveLength(1);
  });
});
