// Jest's module resolver (jest.config.js): jest's own, with three redirections.
// - LAB_FRAMEWORK=cdktn: `cdktf` and `cdktf/...`, from our code and from the provider bindings
//   alike, resolve to CDK Terrain's core (`cdktn`), as esbuild's alias does for the bundle
//   (scripts/build.js), so `LAB_FRAMEWORK=cdktn npm run test:unit` runs the suite on it.
// - cdktf's token stack-trace module resolves to the bundle's stand-in
//   (scripts/bundle-stubs/cdktf-stack-trace.js): cdktf captures a complete stack for every token it
//   creates, which under jest (deep stacks, each frame source-mapped) was a quarter of the CPU time
//   of the synthesizing suites; the frames never reach synthesized output. The bundle's
//   equivalence test compares against a bundle without any stand-in, outside jest. (cdktn's module
//   has another interface and is left as it is, as in its bundle.)
// - cdktf's `archiver` (TerraformAsset's ZIP archives, ~40 packages loaded with cdktf's index in
//   every suite that synthesizes) resolves to the bundle's stand-in too
//   (scripts/bundle-stubs/archiver.js), which fails loudly if an archive is ever asked for.
"use strict";
const { join, sep } = require("node:path");
const { frameworkOf } = require("./build");

const framework = frameworkOf(process.env);
const STACK_TRACE_STUB = join(__dirname, "bundle-stubs", "cdktf-stack-trace.js");
const ARCHIVER_STUB = join(__dirname, "bundle-stubs", "archiver.js");
const CDKTF_LIB = /[\\/]node_modules[\\/]cdktf[\\/]lib[\\/]/;

module.exports = function resolve(request, options) {
  if (framework === "cdktn" && (request === "cdktf" || request.startsWith("cdktf/")))
    return options.defaultResolver(`cdktn${request.slice("cdktf".length)}`, options);
  if (request.endsWith("/stack-trace") && request.startsWith(".") && CDKTF_LIB.test(options.basedir + sep)) return STACK_TRACE_STUB;
  if (request === "archiver" && CDKTF_LIB.test(options.basedir + sep)) return ARCHIVER_STUB;
  return options.defaultResolver(request, options);
};
