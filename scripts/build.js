#!/usr/bin/env node
// `npm run compile`: bundles main.ts, check.ts and diagram.ts into dist/ with esbuild (no type-check: that is
// `npm run typecheck`), and records what the bundles were built from, so that scripts/launch.js
// can tell in a few milliseconds whether they are still current.
// The bundles are self-contained (cdktf and the provider bindings included, only Node built-ins
// and the IAM simulator, from the project's node_modules, left to require), so `node dist/main.js`
// runs from any directory.
// LAB_FRAMEWORK=cdktn builds them against CDK Terrain's core (`cdktn`, a dev dependency) in place of
// cdktf 0.21, into dist/cdktn/ (its own build state and code caches), with the same provider bindings.
"use strict";
const { mkdirSync, readFileSync, renameSync, statSync, writeFileSync } = require("node:fs");
const { join, relative, sep } = require("node:path");

const ROOT = join(__dirname, "..");
const DIST = join(ROOT, "dist");
const ENTRY_POINTS = ["main.ts", "check.ts", "diagram.ts", "diff.ts"];
/** What scripts/launch.js reads to decide whether dist/ is current. */
const STATE_FILE = "build-state.json";
/** Files that shape the bundles without being in esbuild's metafile. */
const BUILD_INPUTS = ["scripts/build.js", "tsconfig.json", "package.json", "node_modules/.package-lock.json"];
const STUBS = join(__dirname, "bundle-stubs");

/**
 * The cores a bundle can be built against, by LAB_FRAMEWORK value; the first is the default. Each
 * has its own output directory, so switching never runs a bundle built against the other.
 * `alias` is esbuild's: every `cdktf` import (ours and the provider bindings') goes to that package.
 */
const FRAMEWORKS = {
  cdktf: { outdir: DIST, alias: {} },
  cdktn: { outdir: join(DIST, "cdktn"), alias: { cdktf: "cdktn" } },
};

/** The framework LAB_FRAMEWORK names (default "cdktf"); throws one clear message for any other value. */
function frameworkOf(env = process.env) {
  const name = env.LAB_FRAMEWORK === undefined || env.LAB_FRAMEWORK === "" ? "cdktf" : env.LAB_FRAMEWORK;
  if (Object.hasOwn(FRAMEWORKS, name)) return name;
  throw new Error(
    `LAB_FRAMEWORK: received ${JSON.stringify(name)}; expected "cdktf" (the default, cdktf 0.21) or "cdktn" (CDK Terrain's core). ` +
      "Fix: unset LAB_FRAMEWORK, or set it to one of those.",
  );
}

/** The directory the bundles of `framework` are written to (dist/ for cdktf, dist/cdktn/ for cdktn). */
function distOf(framework) {
  return FRAMEWORKS[framework].outdir;
}

/**
 * Bundle-time substitutions. cdktf 0.21.0 is the final release of a sunset package and is pinned
 * exactly in package.json, so its private module layout cannot drift under these. The equivalence
 * test (__tests__/scripts/bundle.test.ts) proves that the bundle writes byte for byte what plain
 * cdktf writes.
 */
const substitutions = {
  name: "synth-substitutions",
  setup(build) {
    // cdktf captures a complete stack trace (Error.stackTraceLimit = Infinity) for every token it
    // creates, only to print it if that token later fails to resolve: a quarter of a large synth.
    // The stand-in returns no frames unless CDKTF_STACK_TRACES=1 (see the stub).
    build.onResolve({ filter: /\/stack-trace$/ }, (args) =>
      /[\\/]node_modules[\\/]cdktf[\\/]lib[\\/]/.test(args.importer) ? { path: join(STUBS, "cdktf-stack-trace.js") } : undefined,
    );
    // cdktf's index loads its asset helpers, which load `archiver` and through it readable-stream,
    // glob, async, lodash, tar-stream and ~40 more packages (over a megabyte of source) that a
    // synth without TerraformAsset never runs. The lab has no assets; the stub fails loudly if one
    // is ever added.
    build.onResolve({ filter: /^archiver$/ }, () => ({ path: join(STUBS, "archiver.js") }));
    // cdktf's index loads its validations, whose ValidateTerraformVersion loads `semver`; that
    // builds its range comparators at load time, ~4 ms of every start-up, for a validation that
    // only labs which import resources need. The stand-in loads cdktf's own `satisfies` on first use.
    build.onResolve({ filter: /^semver$/ }, (args) =>
      /[\\/]node_modules[\\/]cdktf[\\/]lib[\\/]validations[\\/]/.test(args.importer) ? { path: join(STUBS, "semver.js") } : undefined,
    );
    build.onResolve({ filter: /^semver\/functions\/satisfies$/ }, (args) =>
      args.importer === join(STUBS, "semver.js")
        ? { path: require.resolve("semver/functions/satisfies", { paths: [join(ROOT, "node_modules", "cdktf")] }) }
        : undefined,
    );
    // TerraformResource and TerraformDataSource snake-case their meta-arguments' keys (three regular
    // expressions per key) and copy their attributes through closures on every toTerraform(): the
    // stand-in remembers each key's snake case and copies in plain loops, the same objects.
    build.onResolve({ filter: /^\.\/util$/ }, (args) =>
      /[\\/]node_modules[\\/]cdktf[\\/]lib[\\/]terraform-(resource|data-source)\.js$/.test(args.importer)
        ? { path: join(STUBS, "cdktf-util.js") }
        : undefined,
    );
    for (const { filter } of SOURCE_PATCHES)
      build.onLoad({ filter }, (args) => ({ contents: patchSource(args.path, readFileSync(args.path, "utf8")), loader: "js" }));
  },
};

/**
 * Bundle-time edits of cdktf's own sources (pinned exactly, see above), each a text replaced
 * exactly once or the build fails. None changes what a synth computes, only how much work it does.
 */
const SOURCE_PATCHES = [
  // TerraformOutput.isITerraformAddressable calls util.isArray, which Node 22 and 24 deprecate
  // (DEP0044): a DeprecationWarning on stderr at every synth. util.isArray is Array.isArray.
  {
    filter: /[\\/]node_modules[\\/]cdktf[\\/]lib[\\/]terraform-output\.js$/,
    edits: [["!(0, util_2.isArray)(object) &&", "!Array.isArray(object) &&"]],
  },
  // TerraformStack.toTerraform resolves each element's fragment, merges the resolved fragments,
  // then resolves the merged tree once more: a walk over every value of the stack (~7% of a
  // 50-VPC synth) that finds nothing, since resolving is recursive (a token's value is resolved
  // until no token is left). The only unresolved input of the merge is the stack's own
  // addOverride values: the final resolve stays whenever there are any. The one other thing it
  // does, dropping keys whose value is undefined (the metadata's `cloud`), the JSON writer does too.
  {
    filter: /[\\/]node_modules[\\/]cdktf[\\/]lib[\\/]terraform-stack\.js$/,
    edits: [
      [
        "        (0, util_1.deepMerge)(tf, this.rawOverrides);\n        return (0, _tokens_1.resolve)(this, tf);\n",
        "        (0, util_1.deepMerge)(tf, this.rawOverrides);\n        return Object.keys(this.rawOverrides).length > 0 ? (0, _tokens_1.resolve)(this, tf) : tf;\n",
      ],
    ],
  },
  // The resolver visits every key and value of every resource. For each it joins the path so far
  // into a string (used only in error messages), and builds a resolution context, two closures and
  // a copy of its options, before finding out that a plain string is itself: a third of a large
  // synth, and much of its garbage. Edited: the path is joined only when an error needs it; a
  // string's escape flags are read from the parent context they are copied from; and a key or value
  // that resolve() would return unchanged after the same tests (a string with no token marker, all
  // of which contain "TfToken[", that is neither map-token value nor holds an encoded number;
  // booleans, null, undefined) is taken as it is, at the same depth limit. Tokens, numbers and
  // objects take the original path, with three shortcuts more (a 50-VPC stack's resolve ~25% less
  // time): a nested value is resolved with the options it would get (the same flags: the context
  // cdktf built per key only copied its parent's) instead of a new context per key; an object is
  // searched for map-token keys only when a key holds the map-token marker ("&{TfToken[", which
  // the map-token pattern requires); and, that search having found none, "is it a token" is
  // cdktf's own last test of `unresolved` for an object, `Tokenization.isResolvable`. The test for
  // an encoded number is the same pattern without a TokenString built for each string.
  {
    filter: /[\\/]node_modules[\\/]cdktf[\\/]lib[\\/]tokens[\\/]private[\\/]resolve\.js$/,
    edits: [
      ['    const pathName = "/" + prefix.join("/");\n', ""],
      ["unableToResolveCircularReference)(pathName)", 'unableToResolveCircularReference)("/" + prefix.join("/"))'],
      ["cannotResolveFunction)(pathName,", 'cannotResolveFunction)("/" + prefix.join("/"),'],
      ["constructsCannotBeResolved)(pathName)", 'constructsCannotBeResolved)("/" + prefix.join("/"))'],
      ["mapKeyMustResolveToString)(pathName,", 'mapKeyMustResolveToString)("/" + prefix.join("/"),'],
      [
        "        const context = makeContext()[0];\n        const tokenStr = encoding_1.TokenString.forString(str, !context.ignoreEscapes, context.warnEscapes);\n",
        "        const tokenStr = encoding_1.TokenString.forString(str, !options.previousContext?.ignoreEscapes, options.previousContext?.warnEscapes);\n",
      ],
      [
        "            .map((x, i) => makeContext(`${i}`)[0].resolve(x))\n",
        "            .map((x, i) => (prefix.length < 200 && resolvesToItself(x) ? x : resolve(x, { ...options, prefix: prefix.concat([`${i}`]) })))\n",
      ],
      [
        "        const resolvedKey = makeContext()[0].resolve(key);\n",
        "        const resolvedKey = resolvesToItself(key) ? key : makeContext()[0].resolve(key);\n",
      ],
      [
        "        const value = makeContext(key)[0].resolve(obj[key]);\n",
        "        const value = prefix.length < 200 && resolvesToItself(obj[key]) ? obj[key] : resolve(obj[key], { ...options, prefix: prefix.concat([key]) });\n",
      ],
      [
        "    if ((0, encoding_1.containsMapToken)(obj)) {\n",
        '    if (Object.keys(obj).some((key) => key.includes("&{TfToken[")) && (0, encoding_1.containsMapToken)(obj)) {\n',
      ],
      ["    if ((0, encoding_1.unresolved)(obj)) {\n", "    if (token_1.Tokenization.isResolvable(obj)) {\n"],
      [
        "/**\n * Find all Tokens that are used in the given structure",
        'function resolvesToItself(x) {\n    return x === undefined || x === null || typeof x === "boolean" ||\n        (typeof x === "string" && !x.includes("TfToken[") && x !== token_1.Token.STRING_MAP_TOKEN_VALUE &&\n            x !== token_1.Token.ANY_MAP_TOKEN_VALUE && !NUMBER_TOKEN.test(x));\n}\nconst NUMBER_TOKEN = /[-|\\d|.\\+]+(e[-|\\d|.|e|E|\\+]+)/;\n/**\n * Find all Tokens that are used in the given structure',
      ],
    ],
  },
];

/**
 * Keeps the IAM simulator (@cloud-copilot/*, AGPL-3.0-or-later) out of the bundles: the analysis
 * requires it on first use, from node_modules, by a path relative to the bundle (so a bundle
 * built into a scratch directory finds the project's copy too). docs/hand-off.md, Licences.
 */
function externalSimulator(outdir) {
  return {
    name: "external-iam-simulator",
    setup(build) {
      build.onResolve({ filter: /^@cloud-copilot\// }, (args) => {
        const file = relative(outdir, require.resolve(args.path, { paths: [ROOT] }))
          .split(sep)
          .join("/");
        return { path: file.startsWith(".") ? file : `./${file}`, external: true };
      });
    },
  };
}

/** The source of the module at `path` with the edits of `patches` (default SOURCE_PATCHES) that match its path. */
function patchSource(path, source, patches = SOURCE_PATCHES) {
  return patches
    .filter(({ filter }) => filter.test(path))
    .reduce((patched, { edits }) => edits.reduce((text, [from, to]) => patchOnce(text, from, to, path), patched), source);
}

/** `source` with the one occurrence of `from` replaced; the build fails if there is not exactly one. */
function patchOnce(source, from, to, path) {
  const at = source.indexOf(from);
  if (at < 0 || source.indexOf(from, at + 1) >= 0) throw new Error(`${path}: the text an edit replaces is not there exactly once`);
  return source.slice(0, at) + to + source.slice(at + from.length);
}

/**
 * Bundles the entry points against `framework` (default: LAB_FRAMEWORK's) into `outdir` (default:
 * that framework's directory), with the substitutions unless `substitute` is false (the plain
 * framework, which the equivalence tests compare against), and writes its build-state.json (each input's size and modification
 * time). Outputs are replaced atomically, so a concurrent run never reads half a bundle. Returns
 * the build id that the launcher keys its code cache on.
 */
async function build({ framework = frameworkOf(), outdir = distOf(framework), substitute = true } = {}) {
  const { alias } = FRAMEWORKS[framework];
  for (const name of Object.values(alias)) {
    try {
      require.resolve(`${name}/package.json`, { paths: [ROOT] });
    } catch {
      throw new Error(
        `LAB_FRAMEWORK=${framework} builds against the \`${name}\` package, a dev dependency that is not installed: run \`npm ci\` (without --omit=dev).`,
      );
    }
  }
  const esbuild = require("esbuild");
  const started = Date.now();
  const result = await esbuild.build({
    absWorkingDir: ROOT,
    entryPoints: ENTRY_POINTS,
    bundle: true,
    platform: "node",
    target: "node20",
    outdir,
    write: false,
    metafile: true,
    logLevel: "warning",
    alias,
    plugins: [...(substitute ? [substitutions] : []), externalSimulator(outdir)],
  });
  mkdirSync(outdir, { recursive: true });
  for (const file of result.outputFiles) writeAtomically(file.path, file.contents);

  const inputs = {};
  for (const path of [...Object.keys(result.metafile.inputs), ...BUILD_INPUTS]) inputs[path] = fingerprint(join(ROOT, path), started);
  const outputs = {};
  for (const file of result.outputFiles) outputs[relative(ROOT, file.path)] = fingerprint(file.path);
  const id = `${started.toString(36)}-${process.pid.toString(36)}`;
  writeAtomically(join(outdir, STATE_FILE), JSON.stringify({ id, inputs, outputs }));
  return id;
}

/**
 * A file's `[size, mtimeMs]`, or null when it is missing or was written during the build (its
 * contents may be newer than the bundle's, so the next launch rebuilds).
 */
function fingerprint(path, buildStarted = Infinity) {
  try {
    const { size, mtimeMs } = statSync(path);
    // 50 ms of slack: file times come from a coarse kernel clock that can lag Date.now().
    return mtimeMs > buildStarted - 50 ? null : [size, mtimeMs];
  } catch {
    return null;
  }
}

function writeAtomically(path, contents) {
  const temporary = `${path}.${process.pid}.tmp`;
  writeFileSync(temporary, contents);
  renameSync(temporary, path);
}

/** The recorded state of the last build into `outdir` (default dist/), or undefined when there is none. */
function readState(outdir = DIST) {
  try {
    return JSON.parse(readFileSync(join(outdir, STATE_FILE), "utf8"));
  } catch {
    return undefined;
  }
}

module.exports = { build, distOf, fingerprint, frameworkOf, patchSource, readState, substitutions, ROOT, DIST };

if (require.main === module) {
  Promise.resolve()
    .then(() => build())
    .catch((error) => {
      // esbuild has already printed the located errors.
      if (!error.errors) console.error(error.message ?? error);
      process.exitCode = 1;
    });
}
