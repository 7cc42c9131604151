#!/usr/bin/env node
// `npm run schema`: writes lab.schema.json (the JSON Schema of a configuration file) and the
// configuration reference in docs/configuration.md, both generated from the zod schema in
// src/config/schema.ts (src/config/lab-json-schema.ts does the work). Writes a file only when it
// changes. With --check, writes nothing and exits 1 when either file is stale.
"use strict";
const { readFileSync, writeFileSync } = require("node:fs");
const { join } = require("node:path");

const ROOT = join(__dirname, "..");

async function main() {
  const check = process.argv.includes("--check");
  const esbuild = require("esbuild");
  const { outputFiles } = await esbuild.build({
    absWorkingDir: ROOT,
    entryPoints: ["src/config/lab-json-schema.ts"],
    bundle: true,
    platform: "node",
    target: "node20",
    format: "cjs",
    packages: "external",
    write: false,
    logLevel: "warning",
  });
  const generator = { exports: {} };
  new Function("module", "exports", "require", outputFiles[0].text)(generator, generator.exports, require);
  const { generatedSchemaFiles, REFERENCE_PAGE } = generator.exports;
  const prettier = require("prettier");
  const stale = [];
  for (const generated of generatedSchemaFiles(readFileSync(join(ROOT, REFERENCE_PAGE), "utf8"))) {
    const path = generated.path;
    const filepath = join(ROOT, path);
    const text = await prettier.format(generated.text, { ...(await prettier.resolveConfig(filepath)), filepath });
    let current;
    try {
      current = readFileSync(join(ROOT, path), "utf8");
    } catch {
      current = undefined;
    }
    if (current === text) continue;
    stale.push(path);
    if (!check) writeFileSync(join(ROOT, path), text);
  }
  if (check && stale.length > 0) {
    console.error(`Stale: ${stale.join(", ")}. Run npm run schema and commit the result.`);
    process.exitCode = 1;
  } else if (!check) {
    console.log(stale.length > 0 ? `Wrote ${stale.join(", ")}` : "lab.schema.json and the configuration reference are current");
  }
}

main().catch((error) => {
  console.error(error instanceof Error ? error.message : String(error));
  process.exitCode = 1;
});
