// Stand-in for cdktf 0.21's lib/util.js as its TerraformResource and TerraformDataSource see it in
// the bundle (scripts/build.js): the same module, with three of its functions written again to do
// the same with less work. Every resource's toTerraform() snake-cases the keys of its meta-arguments
// (`dependsOn`, `count`, `provider`, `lifecycle`, `forEach`) with three regular expressions each
// time, and copies its attributes through per-key closures: ~90 ms of a 50-VPC synth (9,488
// resources). Here a key's snake case is computed once per key and remembered (it depends on the
// key alone), and the copies are plain loops over the same keys in the same order, building the
// same objects. The bundle's equivalence test (__tests__/scripts/fast-path.test.ts) compares
// against plain cdktf.
"use strict";

const util = require("cdktf/lib/util");
const { TerraformDynamicBlock } = require("cdktf/lib/terraform-dynamic-block");
const { Tokenization } = require("cdktf/lib/tokens/token");

const snakeCases = new Map();

/** cdktf's snakeCase, remembered per string key. */
function snakeCase(str) {
  if (typeof str !== "string") return util.snakeCase(str);
  let snake = snakeCases.get(str);
  if (snake === undefined) {
    snake = util.snakeCase(str);
    snakeCases.set(str, snake);
  }
  return snake;
}

/** cdktf's keysToSnakeCase: `tags` and `environment` kept as they are, arrays and nested objects converted. */
function keysToSnakeCase(object) {
  if (Tokenization.isResolvable(object)) return object;
  if (Array.isArray(object)) return object.map((e) => (typeof e === "object" ? keysToSnakeCase(e) : e));
  const newObject = {};
  for (const key of Object.keys(object)) {
    if (key === "tags" || key === "environment") {
      newObject[key] = object[key];
      continue;
    }
    let value = object[key];
    if (typeof value === "object") value = keysToSnakeCase(value);
    if (Array.isArray(value)) value = value.map((e) => (typeof e === "object" ? keysToSnakeCase(e) : e));
    newObject[snakeCase(key)] = value;
  }
  return newObject;
}

/** cdktf's processDynamicAttributes: dynamic blocks moved under `dynamic`, plain objects copied. */
function processDynamicAttributes(attributes) {
  const result = {};
  for (const [attributeName, value] of Object.entries(attributes)) {
    if (TerraformDynamicBlock.isTerraformDynamicBlock(value)) {
      if (!result.dynamic) result.dynamic = {};
      result.dynamic[attributeName] = value.toTerraformDynamicBlockJson();
    } else {
      // Only plain objects are descended into, as cdktf does.
      const recurse = value !== null && typeof value === "object" && value.constructor === Object;
      result[attributeName] = recurse ? processDynamicAttributes(value) : value;
    }
  }
  return result;
}

module.exports = { ...util, snakeCase, keysToSnakeCase, processDynamicAttributes };
