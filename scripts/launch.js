#!/usr/bin/env node
// The fast path of `npm run synth`, `npm run check` and `npx cdktf synth` (the cdktf.json app):
//   node scripts/launch.js main|check|diagram|diff [args...]   runs dist/main.js, dist/check.js, dist/diagram.js or dist/diff.js
//   node scripts/launch.js cdktf <command> [args...]   runs the cdktf CLI (deploy, destroy, synth --hcl)
// With LAB_FRAMEWORK=cdktn the bundles are those built against CDK Terrain's core, in dist/cdktn/.
// Plain JavaScript, so it needs no compile step of its own. It rebuilds dist/ in this same process
// only when an input of the bundle changed since the last build (compared with the sizes and times
// that scripts/build.js recorded from esbuild's metafile), then runs the bundle from a V8 code cache.
// `npm run synth` and the cdktf.json app start it with --heap-growing-percent=10: V8 then grows the
// heap by 10% past the live size instead of letting garbage pile up, which took a 50-VPC mesh from
// ~223 to ~200 MiB and a 70-VPC one from ~347 to ~275 MiB at the same CPU time. Unlike a cap
// (--max-old-space-size), it cannot make a large lab run out of memory: 64 MiB crashed 70 VPCs.
// And with --max-semi-space-size=8 (MiB): a smaller young generation, ~200 -> ~180 MiB at 50 VPCs
// for ~10% more CPU time in the collector (4 saved another ~20 MiB for ~20% more).
"use strict";
const { Buffer } = require("node:buffer");
const { existsSync, readFileSync, renameSync, rmSync, writeFileSync } = require("node:fs");
const { createRequire } = require("node:module");
const { homedir } = require("node:os");
const { dirname, join } = require("node:path");
const { Script } = require("node:vm");
const { ROOT, build, distOf, fingerprint, frameworkOf, readState } = require("./build");

const BUNDLES = new Set(["main", "check", "diagram", "diff"]);

function launch(argv) {
  const [target, ...args] = argv;
  if (target === "cdktf") return runCdktf(args);
  if (!BUNDLES.has(target))
    return fail(`usage: node scripts/launch.js main|check|diagram|diff|cdktf [args...] (received ${JSON.stringify(target ?? "")})`);
  let framework;
  try {
    framework = frameworkOf(process.env);
  } catch (error) {
    return fail(error.message);
  }
  const dist = distOf(framework);
  const bundle = join(dist, `${target}.js`);
  const state = readState(dist);
  if (isCurrent(state)) return runBundle(bundle, args, state.id);
  // The bundle runs outside the rebuild's error handler: its own errors keep their stack traces.
  rebuild(framework).then(
    (buildId) => runBundle(bundle, args, buildId),
    (error) => fail(error.message ?? String(error)),
  );
}

function fail(message) {
  console.error(message);
  process.exitCode = 1;
}

/** True when the recorded build exists and no input or output changed since. */
function isCurrent(state, root = ROOT) {
  if (!state) return false;
  for (const [path, recorded] of [...Object.entries(state.inputs), ...Object.entries(state.outputs)]) {
    const now = recorded && fingerprint(join(root, path));
    if (!now || now[0] !== recorded[0] || now[1] !== recorded[1]) return false;
  }
  return true;
}

/** Rebuilds the bundles of `framework`; resolves to the new build id. */
function rebuild(framework) {
  try {
    require.resolve("esbuild", { paths: [ROOT] });
  } catch {
    return Promise.reject(new Error("dist/ is missing or out of date, and esbuild (a dev dependency) is not installed: run `npm ci`."));
  }
  return build({ framework });
}

/**
 * Runs a CommonJS bundle as `node <bundle> ...args` would, but compiled through vm.Script with a
 * V8 code cache: the 1.8 MB bundle then skips most of its parse and compile on every run after
 * the first. The cache is keyed on the build id (V8 itself only checks the source length), and
 * written after the run so that it also holds the functions compiled lazily during the synth.
 */
function runBundle(filename, args, buildId) {
  process.argv = [process.argv[0], filename, ...args];
  const cacheFile = `${filename}.v8cache`;
  const cacheKey = Buffer.from(`${buildId} ${process.version} ${process.arch}\n`);
  const cached = readCache(cacheFile, cacheKey);
  const source = readFileSync(filename, "utf8");
  const script = new Script(`(function (exports, require, module, __filename, __dirname) {${source}\n})`, {
    filename,
    cachedData: cached,
  });
  const module = { exports: {}, filename, id: filename, loaded: false, children: [], paths: [] };
  script.runInThisContext()(module.exports, createRequire(filename), module, filename, dirname(filename));
  if (!cached || script.cachedDataRejected) writeCache(cacheFile, cacheKey, script.createCachedData());
}

function readCache(file, key) {
  try {
    const data = readFileSync(file);
    return data.subarray(0, key.length).equals(key) ? data.subarray(key.length) : undefined;
  } catch {
    return undefined;
  }
}

function writeCache(file, key, data) {
  const temporary = `${file}.${process.pid}.tmp`;
  try {
    writeFileSync(temporary, Buffer.concat([key, data]));
    renameSync(temporary, file);
  } catch {
    // A read-only dist/ only costs the next run its compile time.
    rmSync(temporary, { force: true });
  }
}

/**
 * Node's warning about cdktf-cli 0.21's own `require("punycode")` (DEP0040, printed by Node 22 and
 * 24 on deploy and destroy): the one warning the CLI runs with turned off. It cannot be fixed at the
 * cause: the CLI is a prebuilt bundle. Node 20.11+ has --disable-warning.
 */
const CDKTF_CLI_NODE_OPTIONS = ["--disable-warning=DEP0040"];

/**
 * Runs the cdktf CLI with the project's environment: Terraform's version check off, and, only when
 * the user has no Terraform CLI configuration at all, TF_CLI_CONFIG_FILE=/dev/null (without it
 * cdktf prints an error about the missing ~/.terraformrc). A configuration that is set is never
 * overridden.
 */
function runCdktf(args) {
  const { spawnSync } = require("node:child_process");
  const cli = require.resolve("cdktf-cli/bundle/bin/cdktf", { paths: [ROOT] });
  const missing = missingTerminalBinary();
  if (missing) return fail(missing);
  const env = cdktfEnvironment(process.env, homedir());
  const result = spawnSync(process.execPath, [...CDKTF_CLI_NODE_OPTIONS, cli, ...args], { cwd: ROOT, env, stdio: "inherit" });
  if (result.error) throw result.error;
  process.exitCode = result.status ?? 1;
}

/**
 * The cdktf CLI loads a native terminal module, @cdktf/node-pty-prebuilt-multiarch 0.10.2, at
 * start-up. It ships binaries for Node 20 and 22 but not 24 (ABI 137), and npm 11 skips the install
 * script that would compile one. Returns the report for that case (what is missing and the command
 * that compiles it), or undefined when the module has a binary for this Node.
 */
function missingTerminalBinary(root = ROOT, execPath = process.execPath) {
  let dir;
  try {
    dir = dirname(require.resolve("@cdktf/node-pty-prebuilt-multiarch/package.json", { paths: [root] }));
  } catch {
    return undefined; // Not installed where we look: let the CLI report it.
  }
  const { ptyPath } = require(join(dir, "lib", "prebuild-file-path.js"));
  if (ptyPath) return undefined;
  const compiled = join(dir, "build", "Release", "pty.node");
  let stale = false;
  if (existsSync(compiled)) {
    // A binary compiled earlier may be for another Node (an `npm ci` whose npm configuration names
    // another Node's headers as nodedir): load it to know.
    try {
      require(compiled);
      return undefined;
    } catch {
      stale = true;
    }
  }
  return (
    `The cdktf CLI (synth:hcl, deploy, destroy) needs @cdktf/node-pty-prebuilt-multiarch, which ships no binary for Node ${process.version} ` +
    `(ABI ${process.versions.modules})${stale ? ", and the one compiled here is for another Node" : ""}. Compile it once (needs python3, make and a C++ compiler; about 15 s):\n` +
    `  npm rebuild @cdktf/node-pty-prebuilt-multiarch --nodedir=${JSON.stringify(join(dirname(execPath), ".."))}\n` +
    "or run these commands with Node 20 or 22."
  );
}

/** The environment for the cdktf CLI, from the user's `env` and home directory (see runCdktf). */
function cdktfEnvironment(env, home) {
  const result = { ...env };
  result.CHECKPOINT_DISABLE ??= "1";
  if (result.TF_CLI_CONFIG_FILE === undefined && !existsSync(join(home, ".terraformrc"))) result.TF_CLI_CONFIG_FILE = "/dev/null";
  return result;
}

module.exports = { isCurrent, cdktfEnvironment, missingTerminalBinary, CDKTF_CLI_NODE_OPTIONS };

if (require.main === module) launch(process.argv.slice(2));
