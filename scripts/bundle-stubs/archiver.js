// Bundle-time stand-in for the `archiver` package (wired in scripts/build.js). cdktf requires it
// at load time only for TerraformAsset's ZIP archives, which this lab does not use; the real
// package drags some 40 packages into every synth. In a bundle cdktf's archiveSync could not work
// anyway: it runs `node <its own __filename>`, which is then the bundle itself.
"use strict";

module.exports = function archiver() {
  throw new Error("TerraformAsset archives are not supported in this bundle: scripts/build.js replaces `archiver` with a stub.");
};
