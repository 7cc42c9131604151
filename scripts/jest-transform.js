// Jest's transform (jest.config.js).
// - TypeScript: esbuild's transformSync, the bundler the project already builds with, in place of
//   ts-jest. Transpile only, file by file, as ts-jest ran here with diagnostics off and
//   isolatedModules: type-checking is `npm run typecheck`. No TypeScript compiler in the workers.
// - The one framework module jest.config.js sends here (cdktf's terraform-output.js) gets the
//   bundle's edit (scripts/build.js): Array.isArray for util.isArray, so that Node 22 and 24 print
//   no DEP0044 warning in the test run either.
"use strict";
const { createHash } = require("node:crypto");
const { readFileSync } = require("node:fs");
const { join } = require("node:path");
const esbuild = require("esbuild");
const { patchSource } = require("./build");

const ROOT = join(__dirname, "..");
// The compiler options esbuild honours (target, useDefineForClassFields, ...), from the project's own.
const tsconfigRaw = { compilerOptions: JSON.parse(readFileSync(join(ROOT, "tsconfig.json"), "utf8")).compilerOptions };
const CACHE_SALT = [
  esbuild.version,
  readFileSync(join(__dirname, "jest-transform.js"), "utf8"),
  readFileSync(join(__dirname, "build.js"), "utf8"),
  JSON.stringify(tsconfigRaw),
].join("\0");

module.exports = {
  process(source, filename) {
    if (filename.endsWith(".js")) return { code: patchSource(filename, source) };
    const { code, map } = esbuild.transformSync(source, {
      loader: filename.endsWith(".tsx") ? "tsx" : "ts",
      format: "cjs",
      platform: "node",
      target: "node20",
      sourcefile: filename,
      sourcemap: "external",
      sourcesContent: false,
      tsconfigRaw,
    });
    return { code, map };
  },
  getCacheKey(source, filename) {
    return createHash("sha256").update(CACHE_SALT).update("\0").update(filename).update("\0").update(source).digest("hex");
  },
};
