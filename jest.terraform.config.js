/**
 * `npm run test:terraform`: the whole real-Terraform suite, the validate and fmt checks that npm
 * test runs (*.test.ts) and the offline plans that it does not (*.plan.ts: each plan starts the
 * ~700 MB provider once per provider block, 4-9 s apiece here). CI runs the plans this way.
 * @type {import('jest').Config}
 */
const base = require("./jest.config.js");

module.exports = {
  ...base,
  roots: ["<rootDir>/__tests__/terraform"],
  testMatch: ["**/*.test.ts", "**/*.plan.ts"],
};
