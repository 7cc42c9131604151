// Bundle-time stand-in for the `semver` package inside cdktf (wired in scripts/build.js). cdktf
// requires it at load time only for ValidateTerraformVersion, which cdktf adds to a resource that
// imports (`importFrom`: an imported bucket, VPC, instance or peering) or moves; the real package
// builds its range comparators at load time on every synth. This one loads cdktf's own
// `semver/functions/satisfies` on first use, so the validation answers exactly as it would.
"use strict";

let satisfies;

module.exports = {
  satisfies(version, range, options) {
    satisfies ??= require("semver/functions/satisfies");
    return satisfies(version, range, options);
  },
};
