/**
 * Errors a person can act on (issue 18): a JSON syntax error names its line and column and shows
 * the line with a caret; an empty file says so; problems of an environment's backend are placed
 * under the environment; no message reaches the user in the validation library's own words.
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { buildSync } from "esbuild";
import { loadLabConfigs } from "../../src/config";
import { configErrorFor, configErrorOf, configIssuesOf } from "../../test-support/config-issues";
import { vpcConfig } from "../../test-support/synth-lab";

const scratch = mkdtempSync(join(tmpdir(), "lab-errors-"));

function fromFile(text: string | Buffer) {
  const file = join(scratch, `config-${Math.random().toString(36).slice(2)}.json`);
  writeFileSync(file, text);
  return configErrorOf(() => loadLabConfigs({ LAB_CONFIG: file }));
}

/** The report's `received:` line and the caret line under it. */
function excerptOf(message: string): { received: string; caretColumn: number } {
  const lines = message.split("\n");
  const at = lines.findIndex((line) => line.startsWith("      received: "));
  const caret = lines[at + 1]!;
  expect(caret.trim()).toBe("^");
  return { received: lines[at]!, caretColumn: caret.indexOf("^") };
}

/** The README's environments example, without a top-level backend. */
const README_ENVIRONMENTS = { environments: { dev: {}, prod: { region: "eu-west-1", backend: { key: "prod/net.tfstate" } } } };

describe("JSON syntax errors", () => {
  it("name the line and column of a trailing comma and point a caret at it", () => {
    const error = fromFile('{\n  "name": "my-lab",\n  "sshCidrs": ["203.0.113.7/32",]\n}\n');
    expect(error.issues).toHaveLength(1);
    expect(error.issues[0]).toMatchObject({ path: "", problem: expect.stringContaining("line 3, column 32: a trailing comma") });
    const { received, caretColumn } = excerptOf(error.message);
    expect(received).toBe('      received: line 3:   "sshCidrs": ["203.0.113.7/32",]');
    expect(received[caretColumn]).toBe(",");
    expect(error.message).toMatch(/^ {2}- \(document\): expected JSON, but at line 3, column 32/m);
  });

  it.each([
    ["a trailing comma in an object", '{\n  "name": "x",\n}', 2, 14, /trailing comma before '\}'/, ","],
    ["a missing comma", '{\n  "name": "x"\n  "region": "eu-west-1"\n}', 3, 3, /expected ',' or '\}'.*a comma is missing/, '"'],
    ["an unquoted field name", '{ name: "x" }', 1, 3, /expected a field name in double quotes/, "n"],
    ["single quotes", "{ 'name': 'x' }", 1, 3, /single quotes: JSON takes double quotes/, "'"],
    ["a comment", '{\n  // my lab\n  "name": "x"\n}', 2, 3, /a comment: JSON has no comments/, "/"],
    ["a string left open", '{ "name": "x }', 1, 15, /never closed/, undefined],
    ["a file that ends inside a list", '{ "vpcs": [', 1, 12, /ends inside a list/, undefined],
    ["a capitalised literal", '{ "offline": True }', 1, 14, /JSON writes it true, in lowercase/, "T"],
    ["text after the document", '{ "name": "x" } {}', 1, 17, /text after the end of the JSON document/, "{"],
    ["Windows line ends", '{\r\n  "name": "x",\r\n}\r\n', 2, 14, /trailing comma/, ","],
  ])("name the place of %s", (_case, text, line, column, problem, atCaret) => {
    const error = fromFile(text);
    expect(error.issues[0]!.problem).toContain(`line ${line}, column ${column}: `);
    expect(error.issues[0]!.problem).toMatch(problem);
    const { received, caretColumn } = excerptOf(error.message);
    if (atCaret !== undefined) expect(received[caretColumn]).toBe(atCaret);
    else expect(caretColumn).toBe(received.length);
    expect(error.issues[0]!.fix.length).toBeGreaterThan(0);
  });

  it("show an excerpt of a long line around the error", () => {
    const tags = Array.from({ length: 40 }, (_, i) => `"k${i}": "v${i}"`).join(", ");
    const error = fromFile(`{ "tags": { ${tags}, } }`);
    const { received, caretColumn } = excerptOf(error.message);
    expect(received.length).toBeLessThan(120);
    expect(received).toContain("…");
    expect(received[caretColumn]).toBe(",");
  });

  it("escape what the line holds, and keep the caret under the character", () => {
    const error = fromFile('{ "name": "x\u202e\u200b" , }');
    const { received, caretColumn } = excerptOf(error.message);
    expect(received).toContain("x\\u202e\\u200b");
    expect(error.message).not.toMatch(/[\u202e\u200b]/);
    expect(received[caretColumn]).toBe(",");
  });

  it("point at a control character inside a string as its escape", () => {
    const error = fromFile('{ "name": "x\u001b[31m" }');
    const { received, caretColumn } = excerptOf(error.message);
    expect(error.issues[0]!.problem).toMatch(/column 13: a control character inside a string/);
    // eslint-disable-next-line no-control-regex -- looking for control characters is the point
    expect(error.message).not.toMatch(/[\u0000-\u0009\u000b-\u001f]/);
    expect(received.slice(caretColumn)).toMatch(/^\\u001b\[31m/);
  });

  it("read a document nested a million levels deep without running out of stack", () => {
    const error = fromFile(`${"[".repeat(1_000_000)}${"]".repeat(999_999)}`);
    expect(error.issues[0]!.problem).toMatch(/line 1, column 2000000: the file ends inside a list/);
  });
});

describe("whole-file problems", () => {
  it.each([
    ["an empty file", "", "an empty file (0 bytes)"],
    ["a file of whitespace", "  \n\t\n", "only whitespace (5 characters)"],
    ["a byte order mark alone", "\ufeff", "only a byte order mark"],
  ])("say that %s is empty, at (document)", (_case, text, received) => {
    const error = fromFile(text);
    expect(error.issues).toEqual([
      expect.objectContaining({
        path: "",
        received,
        problem: "expected a JSON object, but the file is empty",
        fix: expect.stringContaining('{ "name": "my-lab" }'),
      }),
    ]);
    expect(error.message).toContain("  - (document): expected a JSON object, but the file is empty");
    expect(error.message).not.toMatch(/trailing comma/);
  });

  it("stay at (document) for a document that is not an object", () => {
    expect(fromFile("[1, 2]").issues).toEqual([expect.objectContaining({ path: "", problem: "expected a JSON object" })]);
  });
});

describe("backend and environment problems", () => {
  it("places the README's environment backend without a type under environments.prod.backend, naming type, with an example", () => {
    const issues = configIssuesOf(README_ENVIRONMENTS);
    expect(issues).toEqual([
      {
        path: "environments.prod.backend",
        received: '{"key":"prod/net.tfstate"}',
        problem: 'expected a "type" field ("local", "s3" or "cloud"), but "type" is missing',
        fix: 'write e.g. "backend": { "type": "s3", "bucket": "my-state-bucket", "key": "prod/net.tfstate" }',
      },
    ]);
  });

  it("keeps a problem of the lab's own backend at backend, once, when every environment inherits it", () => {
    const issues = configIssuesOf({ backend: { bucket: "my-state-bucket" }, environments: { dev: {}, prod: {} } });
    expect(issues.map((issue) => issue.path)).toEqual(["backend"]);
    expect(issues[0]!.fix).toContain('"type": "s3", "bucket": "my-state-bucket"');
  });

  it("places a field missing from an environment's own s3 backend under the environment", () => {
    expect(configIssuesOf({ environments: { dev: { backend: { type: "s3" } } } })).toEqual([
      expect.objectContaining({
        path: "environments.dev.backend.bucket",
        problem: "expected a string: the field is required",
        fix: 'add "bucket"',
      }),
    ]);
  });

  it("names a wrong backend type at backend.type, with the types there are", () => {
    expect(configIssuesOf({ backend: { type: "gcs" } })).toEqual([
      expect.objectContaining({ path: "backend.type", received: '"gcs"', problem: 'expected "type" to be "local", "s3" or "cloud"' }),
    ]);
  });

  it("exits 1 with the report, and no stack trace, when synth reads the README's example", () => {
    const bundle = join(scratch, "main.js");
    buildSync({
      entryPoints: [join(__dirname, "../../main.ts")],
      bundle: true,
      platform: "node",
      target: "node20",
      outfile: bundle,
      logLevel: "silent",
    });
    const file = join(scratch, "environments.json");
    writeFileSync(file, JSON.stringify(README_ENVIRONMENTS));
    const env = Object.fromEntries(Object.entries(process.env).filter(([name]) => name !== "CDKTF_OUTDIR"));
    const result = spawnSync(process.execPath, [bundle], { cwd: scratch, env: { ...env, LAB_CONFIG: file }, encoding: "utf8" });
    expect(result.status).toBe(1);
    expect(result.stderr).toContain(
      `Invalid lab configuration in ${file}: 1 problem\n  - environments.prod.backend: expected a "type" field`,
    );
    expect(result.stderr).not.toMatch(/\n\s+at /);
  });
});

describe("known fields", () => {
  it.each([
    [
      "backend (s3)",
      { backend: { type: "s3", bucket: "my-state-bucket", nope: 1 } },
      "backend.nope",
      "type, bucket, key, region, encrypt, useLockfile, kmsKeyId, roleArn",
    ],
    [
      "backend (cloud)",
      { backend: { type: "cloud", organization: "acme", workspace: "w", nope: 1 } },
      "backend.nope",
      "type, organization, workspace, workspaceTags, project, hostname",
    ],
    ["an account", { accounts: { shared: { roleArn: "arn:aws:iam::210987654321:role/x", nope: 1 } } }, "accounts.shared.nope", "roleArn"],
    [
      "a region's offline values",
      { offlineValues: { regions: { "eu-west-1": { nope: 1 } } } },
      "offlineValues.regions.eu-west-1.nope",
      "instanceConnectPrefixListId, amiIds",
    ],
    ["an instance", { vpcs: [vpcConfig("vpc1", 1, { instance: { nope: 1 } })] }, "vpcs[0].instance.nope", "type, amiId"],
    [
      "s3",
      { s3: { nope: 1 } },
      "s3.nope",
      "bucketName, forceDestroy, endpointVpcs, endpointPolicy, adminPrincipalArns, testObject, import",
    ],
  ])("lists the fields of %s", (_case, document, path, fields) => {
    expect(configIssuesOf(document)).toEqual([
      expect.objectContaining({ path, problem: "unknown field", fix: `remove it or correct its spelling; known fields here: ${fields}` }),
    ]);
  });
});

describe("the configuration page's examples of reports", () => {
  const page = readFileSync(join(__dirname, "../../docs/configuration.md"), "utf8");
  const section = page.slice(page.indexOf("## When the configuration is wrong"), page.indexOf("## Limits"));
  const blocks = [...section.matchAll(/```(\w*)\n([\s\S]*?)\n```/g)].map(([, language, text]) => ({ language, text: text! }));
  const pairs = blocks.flatMap((block, i) =>
    block.language === "json" && blocks[i + 1]?.language === "" ? [[block.text, blocks[i + 1]!.text]] : [],
  );

  it("shows three files with their reports", () => {
    expect(pairs).toHaveLength(3);
  });

  it.each(pairs.map(([input, report], i) => [i + 1, input!, report!]))(
    "example %i is the report the validator writes for its file",
    (_n, input, report) => {
      const file = join(scratch, "my-lab.json");
      writeFileSync(file, input);
      const { message } = configErrorOf(() => loadLabConfigs({ LAB_CONFIG: file }));
      expect(message.replace(file, "my-lab.json")).toBe(report);
    },
  );
});

describe("misspelt fields", () => {
  it.each([
    ["a letter missing", { instanceConect: "endpoint" }, "instanceConect", "instanceConnect"],
    ["snake case", { s3: { bucket_name: "my-lab-bucket" } }, "s3.bucket_name", "bucketName"],
    [
      "capitals",
      { vpcs: [{ name: "vpc1", CIDR: "10.1.0.0/16", cidr: "10.1.0.0/16", publicSubnetCidr: "10.1.0.0/24" }] },
      "vpcs[0].CIDR",
      "cidr",
    ],
    ["two letters swapped", { flowLogs: { retentoinDays: 7 } }, "flowLogs.retentoinDays", "retentionDays"],
  ])("name the field meant, for %s", (_case, document, path, meant) => {
    expect(configIssuesOf(document)).toEqual([
      expect.objectContaining({
        path,
        problem: "unknown field",
        fix: expect.stringMatching(new RegExp(`^did you mean "${meant}"\\? Otherwise remove it; known fields here: `)),
      }),
    ]);
  });
});

describe("the validation library's words", () => {
  /** Phrases of zod's default messages, none of which may reach a user. */
  const ZOD_WORDS = [
    /Invalid discriminator value/,
    /Expected .*, received/i,
    /\bRequired\b/,
    /Invalid input/,
    /Invalid enum value/,
    /Unrecognized key/,
    /(String|Array|Number) must contain/,
    /must be (greater|less) than/,
    /see the configuration reference in README/,
  ];

  it.each([
    ["a missing backend type", README_ENVIRONMENTS],
    ["a wrong backend type", { backend: { type: "gcs" } }],
    ["wrong types", { offline: "yes", sshCidrs: "203.0.113.7/32", vpcs: [{ name: 5 }], flowLogs: { retentionDays: "7" }, s3: true }],
    ["missing fields", { vpcs: [{ name: "vpc1" }] }],
    ["too few entries", { vpcs: [], backend: { type: "cloud", organization: "o", workspaceTags: [] } }],
    ["too many entries", { vpcs: [vpcConfig("vpc1", 1, { previousNames: Array.from({ length: 11 }, (_, i) => `p${i}`) })] }],
    ["a value outside an enumeration", { instanceConnect: "ssh", flowLogs: { trafficType: "all" } }],
    ["an empty string", { backend: { type: "cloud", organization: "o", workspace: "w", project: "" } }],
    ["a too long string", { backend: { type: "cloud", organization: "o", workspace: "w", project: "p".repeat(91) } }],
    ["a wrong literal", { vpcs: [vpcConfig("vpc1", 1, { instance: true })] }],
  ])("are not in the report of %s", (_case, document) => {
    const { message, issues } = configErrorFor(document);
    for (const words of ZOD_WORDS) expect(message).not.toMatch(words);
    for (const issue of issues) expect(issue.problem).toMatch(/^(expected|unknown field)/);
  });
});
