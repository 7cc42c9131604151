/**
 * `npm run test:rehearsal`: the deploy rehearsed on the local AWS emulator (apply, re-plan,
 * destroy). Slow (minutes), so apart from `npm test`: its suites are named *.rehearsal.ts, which
 * the main config's testMatch (*.test.ts) never picks up.
 * @type {import('jest').Config}
 */
const base = require("./jest.config.js");

module.exports = {
  ...base,
  roots: ["<rootDir>/__tests__/rehearsal"],
  testMatch: ["**/*.rehearsal.ts"],
  // Apply alone waits ~55 s (the provider's bucket lifecycle consistency check).
  testTimeout: 600_000,
  // One suite at a time, as CI measured it (504 s): each suite already runs its labs at once.
  maxWorkers: 1,
};
