#!/usr/bin/env node
// After `npm ci` / `npm install`: on a Node whose ABI the cdktf CLI's terminal module ships no
// binary for (Node 24: @cdktf/node-pty-prebuilt-multiarch 0.10.2 stops at Node 22, and npm 11
// skips the module's own install script), compile it once against this Node's headers, so that
// `npm run synth:hcl`, deploy, destroy and the tests that start the CLI work on a fresh clone. On
// Node 20 and 22 this only looks and returns. A failed compile never fails the install: the
// launcher then names the command to run (scripts/launch.js, missingTerminalBinary).
"use strict";
const { spawnSync } = require("node:child_process");
const { dirname, join } = require("node:path");
const { missingTerminalBinary } = require("./launch.js");

if (missingTerminalBinary()) {
  // This Node's own headers (its install prefix), not a nodedir from the npm configuration, which
  // may name another Node's.
  const nodedir = join(dirname(process.execPath), "..");
  console.log(`vpc-lab: compiling the cdktf CLI's terminal module for Node ${process.version} (about 15 s)`);
  const npm = process.env.npm_execpath;
  const [command, args] = npm ? [process.execPath, [npm]] : ["npm", []];
  const result = spawnSync(command, [...args, "rebuild", "@cdktf/node-pty-prebuilt-multiarch", `--nodedir=${nodedir}`], {
    stdio: "inherit",
    env: { ...process.env, npm_config_nodedir: nodedir },
  });
  if (result.status !== 0 || missingTerminalBinary())
    console.warn(`vpc-lab: the terminal module could not be compiled; ${missingTerminalBinary() ?? "see the output above"}`);
}
