#!/usr/bin/env node
// `vpc-lab <command>`: the project's own command (package.json "bin"), for `npx vpc-lab ...`.
// Each command runs what its npm script runs, through the same launcher (scripts/launch.js, which
// rebuilds dist/ only when a source changed) with the same Node flags; the npm scripts call the
// launcher directly, since a package's own bin is not on PATH inside its scripts and npx costs
// ~0.8 s. Plain JavaScript, so it needs no compile step of its own.
"use strict";
const { spawnSync } = require("node:child_process");
const { existsSync, readFileSync } = require("node:fs");
const { homedir } = require("node:os");
const { join } = require("node:path");

const ROOT = join(__dirname, "..");
const LAUNCHER = join(ROOT, "scripts", "launch.js");
/** The flags `npm run synth` and the cdktf.json app start the synth with (see scripts/launch.js). */
const SYNTH_NODE_FLAGS = ["--heap-growing-percent=10", "--max-semi-space-size=8"];

/** Every command, in the order `--help` lists them. */
const COMMANDS = {
  synth: {
    usage: "synth [--hcl]",
    summary:
      "Validate the configuration (LAB_CONFIG=<file>, else the default lab), write cdktf.out/stacks/<name>/cdk.tf.json " +
      "(--hcl: cdk.tf, formatted as terraform fmt writes it) and prove its paths",
    run: (args) => synth(args),
  },
  check: {
    usage: "check [--json] [--strict]",
    summary: "Offline reachability and policy analysis of cdktf.out (--json: JSON only on stdout; --strict: unknown verdicts fail)",
    run: (args) => launcher(["check", ...args]),
  },
  diagram: {
    usage: "diagram",
    summary: "Draw each stack of cdktf.out with its proven paths: lab.svg and lab.html beside cdk.tf.json",
    run: (args) => launcher(["diagram", ...args]),
  },
  rehearse: {
    usage: "rehearse",
    summary: "Deploy the lab on a local AWS emulator (moto_server, or AWS_ENDPOINT_URL): apply, re-plan, destroy, no cost",
    run: (args) => rehearse(args),
  },
  diff: {
    usage: "diff --base <dir> [--head <dir>] [--format text|json|markdown]",
    summary: "Review what a change does to the lab: paths, resources replaced or destroyed, data at risk (exit 1 when breaking)",
    run: (args) => diff(args),
  },
  deploy: {
    usage: "deploy [cdktf deploy options]",
    summary:
      "Plan and apply the stack with cdktf deploy (needs AWS credentials; costs money); refuses an offline preview. " +
      "With a provider mirror (LAB_PROVIDER_MIRROR=<dir>), Terraform installs from it and never asks the registry",
    run: (args) => cdktf("deploy", args),
  },
  destroy: {
    usage: "destroy [cdktf destroy options]",
    summary: "Remove everything the stack created (cdktf destroy)",
    run: (args) => cdktf("destroy", args),
  },
};

function usage() {
  return [
    "usage: vpc-lab <command> [options]",
    "",
    ...Object.values(COMMANDS).flatMap((command) => [`  vpc-lab ${command.usage}`, ...wrap(command.summary, 6, 100), ""]),
    "  vpc-lab help, --help, -h",
    "      Print this message",
    "",
    "environment: LAB_CONFIG=<file> (the lab; default: the embedded lab), CDKTF_OUTDIR (default cdktf.out),",
    "LAB_PROVIDER_MIRROR=<dir> (deploy and destroy install providers from this mirror)",
  ].join("\n");
}

/** `text` in lines of at most `width` characters, each indented by `indent` spaces. */
function wrap(text, indent, width) {
  const lines = [];
  let line = "";
  for (const word of text.split(" ")) {
    if (line !== "" && indent + line.length + 1 + word.length > width) {
      lines.push(" ".repeat(indent) + line);
      line = word;
    } else line = line === "" ? word : `${line} ${word}`;
  }
  if (line !== "") lines.push(" ".repeat(indent) + line);
  return lines;
}

/** Runs `node <flags> scripts/launch.js <args>` in the project directory; returns its exit status. */
function launcher(args, { nodeFlags = [], env = process.env } = {}) {
  return run(process.execPath, [...nodeFlags, LAUNCHER, ...args], env);
}

function run(file, args, env) {
  const result = spawnSync(file, args, { stdio: "inherit", env: { ...env, CHECKPOINT_DISABLE: env.CHECKPOINT_DISABLE ?? "1" } });
  if (result.error) {
    console.error(`vpc-lab: could not start ${file}: ${result.error.message}`);
    return 1;
  }
  // Killed by a signal: report it the way a shell does (128 + signal number).
  if (result.status === null) return 128 + (require("node:os").constants.signals[result.signal] ?? 0);
  return result.status;
}

function synth(args) {
  const unknown = args.filter((arg) => arg !== "--hcl");
  if (unknown.length > 0) return usageError(`synth: unknown option ${JSON.stringify(unknown[0])} (synth takes --hcl only)`);
  const env = args.includes("--hcl") ? { ...process.env, SYNTH_HCL_OUTPUT: "true" } : process.env;
  return launcher(["main"], { nodeFlags: SYNTH_NODE_FLAGS, env });
}

/** Bundles the rehearsal (as `npm run rehearse` does) and runs it. */
function rehearse(args) {
  const outfile = join(ROOT, "dist", "rehearse.js");
  try {
    require(require.resolve("esbuild", { paths: [ROOT] })).buildSync({
      entryPoints: [join(ROOT, "src", "rehearsal", "cli.ts")],
      bundle: true,
      platform: "node",
      target: "node20",
      packages: "external",
      outfile,
      logLevel: "warning",
    });
  } catch (error) {
    if (error && error.code === "MODULE_NOT_FOUND")
      console.error("vpc-lab rehearse: esbuild (a dev dependency) is not installed: run `npm ci`.");
    else if (!error || !error.errors) console.error(`vpc-lab rehearse: ${error && error.message ? error.message : error}`);
    return 1;
  }
  return run(process.execPath, [outfile, ...args], process.env);
}

/** The review diff (src/diff), bundled through the launcher when it has a "diff" entry. */
function diff(args) {
  return launcher(["diff", ...args]);
}

/**
 * `cdktf deploy` / `cdktf destroy` through the launcher. LAB_DEPLOY=1 makes the synth that cdktf
 * runs first refuse an offline preview (the app also sees that it runs under `cdktf deploy`).
 * cdktf runs `terraform providers lock` after `terraform init`, and that step asks the public
 * registry even when init installed from a filesystem mirror: with a mirror, it is skipped
 * (`--skip-provider-lock`), and LAB_PROVIDER_MIRROR=<dir> writes the mirror's Terraform CLI
 * configuration for this run.
 */
function cdktf(command, args) {
  const env = { ...process.env, ...(command === "deploy" ? { LAB_DEPLOY: "1" } : {}) };
  const mirror = providerMirror(env, homedir());
  if (mirror.error) {
    console.error(mirror.error);
    return 2;
  }
  if (!mirror.path && !registryReachable()) {
    console.error(
      `vpc-lab ${command}: the Terraform registry (${process.env.LAB_REGISTRY_HOST || REGISTRY_HOST}) cannot be reached, and no provider mirror is set, so terraform init would fail. ` +
        "Set LAB_PROVIDER_MIRROR=<dir> (a directory written by `terraform providers mirror <dir>`, e.g. /opt/tf-plugins), " +
        "or a filesystem_mirror in your Terraform CLI configuration, and run again.",
    );
    return 2;
  }
  if (mirror.cliConfigFile) env.TF_CLI_CONFIG_FILE = mirror.cliConfigFile;
  const extra = mirror.path && !args.includes("--skip-provider-lock") ? ["--skip-provider-lock"] : [];
  try {
    return launcher(["cdktf", command, ...args, ...extra], { env });
  } finally {
    if (mirror.cliConfigFile)
      require("node:fs").rmSync(require("node:path").dirname(mirror.cliConfigFile), { recursive: true, force: true });
  }
}

const REGISTRY_HOST = "registry.terraform.io";

/**
 * True when a TCP connection to the registry opens within 3 s (in a child process, as this
 * command is synchronous). LAB_REGISTRY_HOST overrides the host (tests).
 */
function registryReachable(env = process.env) {
  const host = env.LAB_REGISTRY_HOST || REGISTRY_HOST;
  const probe =
    "const s = require('node:net').connect({ host: process.argv[1], port: Number(process.argv[2]), timeout: 3000 });" +
    "s.on('connect', () => process.exit(0)); s.on('error', () => process.exit(1)); s.on('timeout', () => process.exit(1));";
  const [name, port = "443"] = host.split(":");
  return spawnSync(process.execPath, ["-e", probe, name, port], { stdio: "ignore", timeout: 5000 }).status === 0;
}

/**
 * Where Terraform installs providers from for deploy and destroy: LAB_PROVIDER_MIRROR=<dir> (a
 * directory laid out as `terraform providers mirror` writes it), else a `filesystem_mirror` in
 * the user's Terraform CLI configuration (TF_CLI_CONFIG_FILE, else ~/.terraformrc), else the
 * registry (path undefined).
 */
function providerMirror(env, home) {
  const configured = env.LAB_PROVIDER_MIRROR;
  if (configured !== undefined && configured !== "") {
    if (!existsSync(join(configured, "registry.terraform.io")))
      return {
        error:
          `LAB_PROVIDER_MIRROR=${JSON.stringify(configured)} is not a provider mirror (it has no registry.terraform.io/ folder). ` +
          `Fix: point it at a directory written by \`terraform providers mirror <dir>\` (e.g. /opt/tf-plugins), or unset it to install from the registry.`,
      };
    const { mkdtempSync, writeFileSync } = require("node:fs");
    const file = join(mkdtempSync(join(require("node:os").tmpdir(), "vpc-lab-tf-")), "terraform.rc");
    writeFileSync(
      file,
      `provider_installation {\n  filesystem_mirror {\n    path = ${JSON.stringify(configured)}\n  }\n}\n` +
        (env.TF_PLUGIN_CACHE_DIR ? `plugin_cache_dir = ${JSON.stringify(env.TF_PLUGIN_CACHE_DIR)}\n` : ""),
    );
    return { path: configured, cliConfigFile: file };
  }
  const cliConfig = env.TF_CLI_CONFIG_FILE || join(home, ".terraformrc");
  try {
    const text = readFileSync(cliConfig, "utf8");
    const match = /filesystem_mirror\s*\{[^}]*path\s*=\s*"([^"]+)"/.exec(text);
    return match ? { path: match[1] } : {};
  } catch {
    return {};
  }
}

function usageError(message) {
  console.error(`vpc-lab: ${message}\nRun \`vpc-lab --help\` for the commands.`);
  return 2;
}

function main(argv) {
  const [command, ...args] = argv;
  if (command === undefined) {
    console.error(usage());
    return 2;
  }
  if (command === "help" || command === "--help" || command === "-h") {
    console.log(usage());
    return 0;
  }
  if (!Object.hasOwn(COMMANDS, command)) {
    const known = Object.keys(COMMANDS).join(", ");
    return usageError(`unknown command ${JSON.stringify(command)}; the commands are ${known} and help.`);
  }
  return COMMANDS[command].run(args);
}

module.exports = { COMMANDS, providerMirror, usage };

if (require.main === module) process.exitCode = main(process.argv.slice(2));
