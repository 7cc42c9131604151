/**
 * The bundle-time edit of cdktf's resolver (scripts/build.js) takes a shortcut for values that
 * resolve to themselves: the edited resolver must return, and fail with, exactly what cdktf's own
 * does, for plain values and for every kind of token, escapes, encoded numbers, map-token values,
 * undefined in lists and maps, and values past the depth limit (whose error names the path).
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { build } from "esbuild";
import { ROOT, substitutions } from "../../scripts/build";

const work = mkdtempSync(join(tmpdir(), "lab-resolver-edit-"));
afterAll(() => rmSync(work, { recursive: true, force: true }));

const PROBE = `
const { App, DefaultTokenResolver, Fn, Lazy, StringConcat, TerraformStack, TerraformVariable, Token, Tokenization } = require("cdktf");
const app = new App({ stackTraces: false, outdir: process.argv[2] });
const stack = new TerraformStack(app, "probe");
const variable = new TerraformVariable(stack, "v", { type: "string" });
const resolve = (value) =>
  Tokenization.resolve(value, { scope: stack, preparing: false, resolver: new DefaultTokenResolver(new StringConcat()) });
const nest = (depth, wrap) => { let value = "leaf"; for (let i = 0; i < depth; i++) value = wrap(value); return value; };
const cases = [
  "plain", "", "\${not a token}", "$\${escaped}", "1e5", "-e-", "a-e-1", "10.0.0.0/16",
  "String Map Token Value", "Any Map Token Value", { key: "String Map Token Value" }, { "Any Map Token Value": 1 },
  true, false, null, undefined, 42, -1.5, new Date(0),
  ["a", undefined, true, null, 3, ["b", undefined]],
  { a: "x", b: undefined, c: [undefined], "\${key}": 1, nested: { t: variable.stringValue, n: Token.asNumber(variable.value) } },
  variable.stringValue, \`prefix-\${variable.stringValue}-suffix\`, Token.asList(variable.value), Token.asNumber(variable.value),
  Token.asStringMap(variable.value), { [variable.stringValue]: "as a key" }, [Token.asString(Token.asNumber(variable.value))],
  Lazy.stringValue({ produce: () => "lazy" }), Lazy.anyValue({ produce: () => ({ x: [1, "y", undefined, "1e5"] }) }),
  Fn.join("-", ["a", variable.stringValue]),
  nest(199, (v) => ({ k: v })), nest(200, (v) => ({ k: v })), nest(205, (v) => ({ k: v })), nest(205, (v) => [v]),
  { f: () => 1 }, () => 1, { stack },
];
const results = cases.map((value) => {
  try {
    return JSON.stringify(resolve(value)) ?? "undefined";
  } catch (error) {
    return "error: " + error.message;
  }
});
process.stdout.write(JSON.stringify(results, null, 1));
`;

function run(file: string): string {
  const result = spawnSync(process.execPath, [file, join(work, "out")], {
    encoding: "utf8",
    env: { ...process.env, NODE_PATH: join(ROOT, "node_modules") },
  });
  expect(result.status).toBe(0);
  return result.stdout;
}

describe("the bundle's edit of cdktf's resolver", () => {
  it("resolves, and fails, exactly as cdktf's own resolver does", async () => {
    const probe = join(work, "probe.js");
    const bundled = join(work, "probe.bundle.js");
    writeFileSync(probe, PROBE);
    await build({
      absWorkingDir: ROOT,
      entryPoints: [probe],
      bundle: true,
      platform: "node",
      target: "node20",
      outfile: bundled,
      nodePaths: [join(ROOT, "node_modules")],
      logLevel: "warning",
      plugins: [substitutions],
    });
    expect(readFileSync(bundled, "utf8")).toContain("function resolvesToItself(");
    const plain = run(probe);
    expect(JSON.parse(plain)).toHaveLength(38);
    expect(run(bundled)).toBe(plain);
  }, 60_000);
});
