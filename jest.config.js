/** @type {import('jest').Config} */
module.exports = {
  rootDir: __dirname,
  testEnvironment: "node",
  // Jest's default on a 2-core machine is one worker; two let the real-Terraform suite (~40 s,
  // mostly terraform's own processes) overlap the unit suites: 94 s -> 81 s measured on a quiet machine.
  maxWorkers: 2,
  roots: ["<rootDir>/__tests__"],
  // Only *.test.ts files are suites; shared helpers live in test-support/.
  testMatch: ["**/*.test.ts"],
  // Transpile only: type-checking is `npm run typecheck` (tsc), which is far faster than ts-jest
  // type-checking the provider bindings in every worker. isolatedModules is set in tsconfig.json.
  transform: { "^.+\\.tsx?$": ["ts-jest", { diagnostics: false }] },
  setupFilesAfterEnv: ["<rootDir>/setup.js"],
  moduleFileExtensions: ["ts", "js", "json"],
};
