/** @type {import('jest').Config} */
module.exports = {
  rootDir: __dirname,
  testEnvironment: "node",
  roots: ["<rootDir>/__tests__"],
  // Only *.test.ts files are suites; shared helpers live in test-support/.
  testMatch: ["**/*.test.ts"],
  // Transpile only: type-checking is `npm run typecheck` (tsc), which is far faster than ts-jest
  // type-checking the provider bindings in every worker. isolatedModules is set in tsconfig.json.
  transform: { "^.+\\.tsx?$": ["ts-jest", { diagnostics: false }] },
  setupFilesAfterEnv: ["<rootDir>/setup.js"],
  moduleFileExtensions: ["ts", "js", "json"],
};
