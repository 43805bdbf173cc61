import { rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { ESLint } from "eslint";
import { afterEach, describe, expect, it } from "vitest";

// The layer and cycle rules of eslint.config.mjs (docs/architecture.md, "Layers") catch what they
// are for: each probe is a file written inside the project, linted with the project's own config.
const root = path.resolve(import.meta.dirname, "..");
const eslint = new ESLint({ cwd: root });
const probes: string[] = [];
afterEach(() => probes.splice(0).forEach((f) => rmSync(f, { force: true })));

async function ruleIds(files: Record<string, string>): Promise<(string | null)[]> {
  const paths = Object.entries(files).map(([rel, code]) => {
    const file = path.join(root, rel.replace("*", `lint-probe-${process.pid}`));
    writeFileSync(file, code);
    probes.push(file);
    return file;
  });
  const [result] = await eslint.lintFiles([paths[0]]);
  return result.messages.map((m) => m.ruleId);
}

const importsDb = 'import { getDb } from "@/db/client";\nexport const x = getDb;\n';

describe("lint rules", { timeout: 60_000 }, () => {
  it("server/domain may not import I/O", async () => {
    expect(await ruleIds({ "server/domain/*.ts": importsDb })).toContain("no-restricted-imports");
    const pure = 'import { exponentOf } from "./money";\nexport const x = exponentOf;\n';
    expect(await ruleIds({ "server/domain/*.ts": pure })).not.toContain("no-restricted-imports");
  });

  it("app/ and components/ may not import db/", async () => {
    expect(await ruleIds({ "app/*.ts": importsDb })).toContain("no-restricted-imports");
    expect(await ruleIds({ "components/*.ts": importsDb })).toContain("no-restricted-imports");
  });

  it("an import cycle is an error", async () => {
    const ids = await ruleIds({
      "server/*-a.ts": `import { b } from "./lint-probe-${process.pid}-b";\nexport const a = () => b;\n`,
      "server/*-b.ts": `import { a } from "./lint-probe-${process.pid}-a";\nexport const b = () => a;\n`,
    });
    expect(ids).toContain("import/no-cycle");
  });
});
