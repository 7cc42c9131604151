// Bundle-time stand-in for the `semver` package inside cdktf (wired in scripts/build.js). cdktf
// requires it at load time only for ValidateTerraformVersion, a validation a stack opts into
// (`node.addValidation`), which this lab does not; the real package builds its comparators at load
// time on every synth. The stub fails loudly if that validation is ever added.
"use strict";

module.exports = {
  satisfies() {
    throw new Error("ValidateTerraformVersion is not supported in this bundle: scripts/build.js replaces cdktf's `semver` with a stub.");
  },
};
