// Jest's transform (jest.config.js).
// - TypeScript: esbuild's transformSync, the bundler the project already builds with, in place of
//   ts-jest. Transpile only, file by file, as ts-jest ran here with diagnostics off and
//   isolatedModules: type-checking is `npm run typecheck`. No TypeScript compiler in the workers.
// - cdktf's own modules (jest.config.js sends cdktf/lib/**/*.js here) get the bundle's edits
//   (scripts/build.js's patchSource): the tests run the cdktf that dist/ ships, Array.isArray for
//   util.isArray included (no DEP0044 warning on Node 22 and 24 in the test run either), and a 50-VPC
//   synth takes half the time it took with plain cdktf. __tests__/scripts/fast-path.test.ts proves the
//   edits change no byte (against a bundle of plain cdktf, outside jest).
// - And one edit for the tests alone (TEST_PATCHES): Testing.synth's metadata remover built each
//   object anew for each of its keys (a spread per key: quadratic in the keys of an object, 4.4 s of
//   a 50-VPC mesh's 6 s synth under jest, for its ~2,450 aws_route entries); edited, it assigns each
//   key once, the same object in the same key order. __tests__/scripts/jest-transform.test.ts runs
//   the function as shipped and as edited on random documents.
"use strict";
const { createHash } = require("node:crypto");
const { readFileSync } = require("node:fs");
const { join } = require("node:path");
const esbuild = require("esbuild");
const { patchSource } = require("./build");

/** Edits of cdktf's sources for the tests only, each a text replaced exactly once (or the transform fails). */
const TEST_PATCHES = [
  {
    // cdktf's, and CDK Terrain's (LAB_FRAMEWORK=cdktn), which has the same remover.
    filter: /[\\/]node_modules[\\/](cdktf|cdktn)[\\/]lib[\\/]testing[\\/]index\.js$/,
    edits: [
      [
        "                    .reduce((acc, [key, value]) => ({ ...acc, [key]: removeMetadata(value) }), {});\n",
        // defineProperty, as the spread does: a "__proto__" key stays an own property.
        "                    .reduce((acc, [key, value]) => Object.defineProperty(acc, key, { value: removeMetadata(value), enumerable: true, writable: true, configurable: true }), {});\n",
      ],
    ],
  },
];

/** `source` with the TEST_PATCHES edits that match `path` (each must match exactly once: scripts/build.js's patchSource). */
function patchForTests(path, source) {
  return patchSource(path, source, TEST_PATCHES);
}

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
  patchForTests,
  process(source, filename) {
    if (filename.endsWith(".js")) return { code: patchForTests(filename, patchSource(filename, source)) };
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
