const { frameworkOf } = require("./scripts/build");

/**
 * The cdktf modules that scripts/build.js or scripts/jest-transform.js edit (the only node_modules
 * files jest transforms; __tests__/scripts/jest-transform.test.ts fails when an edited one is missing).
 */
const CDKTF_EDITED_MODULES = ["terraform-output", "terraform-stack", "tokens/private/resolve", "testing/index"];
const CDKTF_EDITED = `[\\\\/]node_modules[\\\\/]cdktf[\\\\/]lib[\\\\/](${CDKTF_EDITED_MODULES.join("|").replace(/\//g, "[\\\\/]")})\\.js$`;
/** CDK Terrain's Testing.synth, which LAB_FRAMEWORK=cdktn runs, has the same metadata remover (the one edit for it). */
const CDKTN_EDITED = "[\\\\/]node_modules[\\\\/]cdktn[\\\\/]lib[\\\\/]testing[\\\\/]index\\.js$";

/** @type {import('jest').Config} */
module.exports = {
  rootDir: __dirname,
  testEnvironment: "node",
  // Jest's default on a 2-core machine is one worker; two let the real-Terraform suite (~40 s,
  // mostly terraform's own processes) overlap the unit suites: 94 s -> 81 s measured on a quiet machine.
  maxWorkers: 2,
  roots: ["<rootDir>/__tests__"],
  // Only *.test.ts files are suites; shared helpers live in test-support/. On cdktn the golden
  // suite, which pins cdktf 0.21's bytes (its version in the metadata), gives way to
  // __tests__/scripts/framework-choice.test.ts's check of the same labs with that version aside.
  testMatch: frameworkOf(process.env) === "cdktn" ? ["**/*.test.ts", "!**/__tests__/stacks/golden-outputs.test.ts"] : ["**/*.test.ts"],
  // Transpile only, with esbuild: type-checking is `npm run typecheck` (tsc). See the two scripts.
  // And cdktf's own modules get the bundle's edits (the DEP0044 fix and the synth's fast path), and
  // Testing.synth a linear metadata remover: see the transform.
  transform: {
    "^.+\\.tsx?$": "<rootDir>/scripts/jest-transform.js",
    [CDKTF_EDITED]: "<rootDir>/scripts/jest-transform.js",
    [CDKTN_EDITED]: "<rootDir>/scripts/jest-transform.js",
  },
  transformIgnorePatterns: [`/node_modules/(?!cdktf/lib/(${CDKTF_EDITED_MODULES.join("|")})\\.js$|cdktn/lib/testing/index\\.js$)`],
  // LAB_FRAMEWORK=cdktn runs the suites on CDK Terrain's core; the framework's token stack traces
  // are not captured (they never reach output).
  resolver: "<rootDir>/scripts/jest-resolver.js",
  setupFilesAfterEnv: ["<rootDir>/setup.js"],
  moduleFileExtensions: ["ts", "js", "json"],
};
