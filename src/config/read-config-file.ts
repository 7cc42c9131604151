import { readFileSync, statSync } from "node:fs";
import type { ConfigIssue } from "./config-error";
import { ConfigError, formatPath, formatReceived } from "./config-error";
import { DEFAULT_VPCS_PER_REGION, MAX_ACTIVE_PEERINGS_PER_VPC, MAX_TAGS_PER_RESOURCE, VPC_QUOTAS } from "../aws/vpc-quotas";
import { findJsonSyntaxError, positionOf } from "./json-syntax";
import { LIMITS } from "./limits";

/**
 * Reads a configuration file as JSON. Accepts UTF-8 with or without a byte order mark; names any
 * other encoding (UTF-16, UTF-32, Latin-1) in the error instead of printing its bytes; refuses
 * files larger than {@link LIMITS.fileBytes}. Throws one {@link ConfigError}.
 */
export function readConfigFile(file: string, envVar: string): unknown {
  const fail = (received: string, problem: string, fix: string): never => {
    throw new ConfigError(file, [{ path: "", received, problem, fix }]);
  };
  let bytes: Buffer;
  try {
    const size = statSync(file).size;
    if (size > LIMITS.fileBytes)
      fail(
        `${size.toLocaleString("en-US")} bytes`,
        `expected at most ${LIMITS.fileBytes.toLocaleString("en-US")} bytes (a 70-VPC full mesh written out in full is about 200 KB)`,
        "check that the file is the lab configuration",
      );
    bytes = readFileSync(file);
  } catch (error) {
    if (error instanceof ConfigError) throw error;
    return fail(
      `the path ${formatReceived(file)}`,
      `cannot read the file (${(error as NodeJS.ErrnoException).code ?? String(error)})`,
      `check that ${envVar} names an existing, readable JSON file`,
    );
  }
  const text = decodeUtf8(bytes, fail);
  if (text.trim() === "")
    fail(
      bytes.length === 0
        ? "an empty file (0 bytes)"
        : text === ""
          ? "only a byte order mark"
          : `only whitespace (${text.length.toLocaleString("en-US")} characters)`,
      "expected a JSON object, but the file is empty",
      `write the lab's configuration, e.g. { "name": "my-lab" } (an empty object {} is the default lab), or unset ${envVar} for the default lab`,
    );
  try {
    return JSON.parse(text);
  } catch {
    // V8's message speaks of tokens and often has no position: the scanner's replaces it.
    throw syntaxError(file, text);
  }
}

/** The widest excerpt of a line a report shows around a syntax error, in characters on each side. */
const EXCERPT_SIDE = 40;

/**
 * A JSON syntax error as one issue: where (line and column), what (in our words, from
 * {@link findJsonSyntaxError}), and the line with a caret under the character.
 */
function syntaxError(file: string, text: string): ConfigError {
  // JSON.parse has refused the text, so the scanner finds an error; should the two ever disagree,
  // the end of the text is the place to look.
  const found = findJsonSyntaxError(text) ?? { offset: text.length, problem: "the text is not valid JSON" };
  const { line, column, lineText } = positionOf(text, found.offset);
  const from = Math.max(0, column - 1 - EXCERPT_SIDE);
  const to = Math.min(lineText.length, column - 1 + EXCERPT_SIDE);
  const excerpt = `${from > 0 ? "…" : ""}${lineText.slice(from, to)}${to < lineText.length ? "…" : ""}`;
  const caret = column - 1 - from + (from > 0 ? 1 : 0);
  return new ConfigError(file, [
    {
      path: "",
      received: `line ${line}: ${excerpt}`,
      caret: `line ${line}: `.length + caret,
      problem: `expected JSON, but at line ${line}, column ${column}: ${found.problem}`,
      fix: fixFor(found.problem),
    },
  ]);
}

function fixFor(problem: string): string {
  if (problem.startsWith("a trailing comma")) return "remove the comma after the last entry";
  if (problem.startsWith("a comment"))
    return 'remove the comment (a field such as "//" is no place for one either: unknown fields are refused)';
  if (problem.includes("single quotes")) return "use double quotes";
  if (problem.includes("a comma is missing")) return "add a comma between the entries";
  if (problem.includes("not closed") || problem.includes("never closed")) return 'close the string with a "';
  if (problem.startsWith("the file ends")) return "close every list and object that is opened";
  return "fix the JSON syntax at the caret";
}

function decodeUtf8(bytes: Buffer, fail: (received: string, problem: string, fix: string) => never): string {
  const saveAsUtf8 = "save the file as UTF-8 (most editors offer it under 'Save with encoding')";
  const startsWith = (...prefix: number[]) => prefix.every((byte, i) => bytes[i] === byte);
  if (startsWith(0xff, 0xfe, 0x00, 0x00) || startsWith(0x00, 0x00, 0xfe, 0xff))
    fail("a UTF-32 byte order mark", "expected UTF-8 text, but the file is UTF-32", saveAsUtf8);
  if (startsWith(0xff, 0xfe)) fail("a UTF-16 (little-endian) byte order mark", "expected UTF-8 text, but the file is UTF-16", saveAsUtf8);
  if (startsWith(0xfe, 0xff)) fail("a UTF-16 (big-endian) byte order mark", "expected UTF-8 text, but the file is UTF-16", saveAsUtf8);
  const nul = bytes.indexOf(0);
  if (nul !== -1)
    fail(
      `a NUL byte at offset ${nul}`,
      "expected UTF-8 text, but the file holds NUL bytes (UTF-16 without a byte order mark, or not a text file)",
      saveAsUtf8,
    );
  let text: string;
  try {
    text = new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch {
    return fail(
      "bytes that are not UTF-8",
      "expected UTF-8 text, but the file is in another encoding (Latin-1 or Windows-1252?)",
      saveAsUtf8,
    );
  }
  // TextDecoder drops a leading UTF-8 byte order mark (U+FEFF) by itself, as JSON readers should.
  return text;
}

/**
 * Checks the document's size and shape before any schema runs, without recursion (a document
 * nested 10,000 levels deep must give a report, not a stack overflow): nesting depth, string
 * lengths, the number of values, and the lengths of the lists that grow a lab. When this returns
 * problems, nothing else is validated: the rest of the report would be as large as the input.
 */
export function sizeIssues(document: unknown): ConfigIssue[] {
  const issues: ConfigIssue[] = [];
  const stack: { value: unknown; path: (string | number)[] }[] = [{ value: document, path: [] }];
  let values = 0;
  while (stack.length > 0) {
    const { value, path } = stack.pop()!;
    values += 1;
    if (values > LIMITS.values) {
      issues.push({
        path: "",
        received: `more than ${LIMITS.values.toLocaleString("en-US")} values`,
        problem: `expected at most ${LIMITS.values.toLocaleString("en-US")} values in the whole document`,
        fix: "check that the file is the lab configuration",
      });
      break;
    }
    if (typeof value === "string" && value.length > LIMITS.stringLength) {
      issues.push({
        path: formatPath(path),
        received: formatReceived(value),
        problem: `expected at most ${LIMITS.stringLength} characters`,
        fix: "shorten the value",
      });
    }
    if (typeof value !== "object" || value === null) continue;
    if (path.length >= LIMITS.depth) {
      issues.push({
        path: formatPath(path.slice(0, 4)) + (path.length > 4 ? "..." : ""),
        received: "a value nested deeper still",
        problem: `expected at most ${LIMITS.depth} levels of nesting (the lab configuration has 4)`,
        fix: "remove the nested value",
      });
      continue;
    }
    const entries: [string | number, unknown][] = Array.isArray(value) ? Array.from(value, (item, i) => [i, item]) : Object.entries(value);
    for (const [key, child] of entries.reverse()) stack.push({ value: child, path: [...path, key] });
  }
  return [...issues, ...listLengthIssues(document)];
}

/** The lists whose length drives the synth's size, checked before their entries are. */
function listLengthIssues(document: unknown): ConfigIssue[] {
  if (typeof document !== "object" || document === null || Array.isArray(document)) return [];
  const raw = document as Record<string, unknown>;
  const lists: [string, unknown, number, string][] = [
    [
      "vpcs",
      raw.vpcs,
      LIMITS.vpcs,
      `AWS's default quota is ${DEFAULT_VPCS_PER_REGION} VPCs per Region, and a full mesh can have at most ${MAX_ACTIVE_PEERINGS_PER_VPC + 1} VPCs (${MAX_ACTIVE_PEERINGS_PER_VPC} active peerings per VPC)`,
    ],
    ["peerings", raw.peerings, LIMITS.peerings, `a VPC takes at most ${LIMITS.peeringsPerVpc} active peerings (AWS's maximum)`],
    [
      "sshCidrs",
      raw.sshCidrs,
      LIMITS.sshCidrs,
      `each is an inbound rule on every instance's security group, which holds ${VPC_QUOTAS.QUOTA_RULES_PER_SECURITY_GROUP.limit} inbound rules by default`,
    ],
    ["expect", raw.expect, LIMITS.expectations, "a 70-VPC full mesh has fewer paths"],
  ];
  const issues: ConfigIssue[] = [];
  for (const [field, list, max, why] of lists) {
    if (Array.isArray(list) && list.length > max)
      issues.push({
        path: field,
        received: `${list.length.toLocaleString("en-US")} entries`,
        problem: `expected at most ${max.toLocaleString("en-US")} entries: ${why}`,
        fix: "split the lab, or remove entries",
      });
  }
  const tags = raw.tags;
  if (typeof tags === "object" && tags !== null && !Array.isArray(tags) && Object.keys(tags).length > LIMITS.tags)
    issues.push({
      path: "tags",
      received: `${Object.keys(tags).length} tags`,
      problem: `expected at most ${LIMITS.tags} tags: an AWS resource takes ${MAX_TAGS_PER_RESOURCE}, and Project, ManagedBy and Name are the lab's own`,
      fix: "remove tags",
    });
  return issues;
}
