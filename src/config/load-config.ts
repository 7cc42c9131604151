import type { ZodIssue, ZodTypeAny } from "zod";
import { z } from "zod";
import type { ConfigIssue } from "./config-error";
import { ConfigError, formatPath, formatReceived } from "./config-error";
import { crossFieldIssues } from "./cross-field-checks";
import { readConfigFile, sizeIssues } from "./read-config-file";
import { DEFAULT_LAB_CONFIG } from "./default-config";
import type { LabConfig, PeeringConfig } from "./schema";
import { LabConfigSchema } from "./schema";

/** Name of the environment variable that points at a configuration file. */
export const CONFIG_ENV_VAR = "LAB_CONFIG";

/**
 * Loads the configuration named by `LAB_CONFIG` (or the embedded default when it is unset),
 * validates it, and returns it. Throws one {@link ConfigError} that lists every problem.
 */
export function loadLabConfig(env: NodeJS.ProcessEnv = process.env): LabConfig {
  const file = env[CONFIG_ENV_VAR];
  if (!file) return parseLabConfig({}, "the embedded default");
  return parseLabConfig(readConfigFile(file, CONFIG_ENV_VAR), file);
}

/**
 * Validates configuration overrides on top of {@link DEFAULT_LAB_CONFIG}: top-level fields of
 * `overrides` replace the default's. When `vpcs` is given without `peerings`, every pair of VPCs
 * is peered.
 */
export function parseLabConfig(overrides: unknown, source: string): LabConfig {
  if (typeof overrides !== "object" || overrides === null || Array.isArray(overrides)) {
    throw new ConfigError(source, [
      {
        path: "",
        received: formatReceived(overrides),
        problem: "expected a JSON object",
        fix: 'write an object such as { "name": "my-lab" }',
      },
    ]);
  }
  // Size and shape first, without recursion: an absurd document gets a short report, fast.
  const tooLarge = sizeIssues(overrides);
  if (tooLarge.length > 0) throw new ConfigError(source, tooLarge);
  // Callers in code may pass what JSON cannot hold (holes, undefined, NaN): read it as JSON would.
  overrides = JSON.parse(JSON.stringify(overrides)) as object;

  const merged: Record<string, unknown> = { ...DEFAULT_LAB_CONFIG, ...overrides };
  if ("vpcs" in overrides && !("peerings" in overrides)) delete merged.peerings;

  const result = LabConfigSchema.safeParse(merged);
  const issues = [
    ...(result.success ? [] : result.error.issues.flatMap((issue) => describeIssue(issue, merged))),
    ...crossFieldIssues(merged),
  ];
  if (!result.success || issues.length > 0) throw new ConfigError(source, sortByPath(dedupe(issues)));

  return resolve(result.data, merged);
}

/**
 * The configuration every construct reads, in one canonical order: lists whose order carries no
 * meaning (VPCs, peerings, selections of VPCs, SSH sources, admin principals, tags) are sorted,
 * so that the same lab written in any order synthesizes byte-identical Terraform.
 */
function resolve(config: z.output<typeof LabConfigSchema>, raw: Record<string, unknown>): LabConfig {
  const byText = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
  const sortedSet = <T extends string>(list: readonly T[]) => [...new Set(list)].sort(byText);
  const selection = (value: "all" | string[]) => (value === "all" ? value : sortedSet(value));
  const peerings = config.peerings ?? fullMesh(config.vpcs.map((vpc) => vpc.name));
  return {
    ...config,
    tags: tagsOf(raw.tags),
    sshCidrs: sortedSet(config.sshCidrs),
    vpcs: [...config.vpcs].sort((a, b) => byText(a.name, b.name)),
    peerings: [...peerings].sort((a, b) => byText(`${a.requester} ${a.accepter}`, `${b.requester} ${b.accepter}`)),
    flowLogs: config.flowLogs === false ? false : { ...config.flowLogs, vpcs: selection(config.flowLogs.vpcs) },
    s3:
      config.s3 === false
        ? false
        : { ...config.s3, endpointVpcs: selection(config.s3.endpointVpcs), adminPrincipalArns: sortedSet(config.s3.adminPrincipalArns) },
    offlineValues: {
      ...config.offlineValues,
      terraformPrincipalArn: config.offlineValues.terraformPrincipalArn ?? `arn:aws:iam::${config.offlineValues.accountId}:role/terraform`,
    },
  };
}

/**
 * The validated tags as an object without a prototype, sorted by key: built from the raw document
 * because a parsed record has lost a key such as `__proto__` (a legal AWS tag key).
 */
function tagsOf(raw: unknown): Record<string, string> {
  const tags = Object.create(null) as Record<string, string>;
  if (typeof raw !== "object" || raw === null) return tags;
  for (const key of Object.keys(raw).sort())
    Object.defineProperty(tags, key, { value: (raw as Record<string, string>)[key], enumerable: true });
  return tags;
}

/**
 * Every pair once; the requester is the name that sorts first, so that reordering `vpcs` never
 * swaps requester and accepter (which would replace the peering).
 */
function fullMesh(names: readonly string[]): PeeringConfig[] {
  const sorted = [...names].sort();
  return sorted.flatMap((requester, i) => sorted.slice(i + 1).map((accepter) => ({ requester, accepter })));
}

function valueAt(root: unknown, path: readonly (string | number)[]): unknown {
  return path.reduce<unknown>(
    (value, key) => (value !== null && typeof value === "object" ? (value as Record<string | number, unknown>)[key] : undefined),
    root,
  );
}

function describeIssue(issue: ZodIssue, root: unknown): ConfigIssue[] {
  const received = formatReceived(valueAt(root, issue.path));
  const path = formatPath(issue.path);
  switch (issue.code) {
    case z.ZodIssueCode.custom:
      return [{ path, received, problem: issue.message, fix: String(issue.params?.fix ?? "see the configuration reference in README.md") }];
    case z.ZodIssueCode.unrecognized_keys: {
      const allowed = knownKeys(LabConfigSchema, issue.path);
      return issue.keys.map((key) => ({
        path: formatPath([...issue.path, key]),
        received: formatReceived(valueAt(root, [...issue.path, key])),
        problem: "unknown field",
        fix: `remove it or correct its spelling; known fields here: ${allowed.join(", ")}`,
      }));
    }
    case z.ZodIssueCode.invalid_type:
      return [
        { path, received, problem: `expected ${issue.expected}, received ${issue.received}`, fix: `write a ${issue.expected} value` },
      ];
    case z.ZodIssueCode.invalid_enum_value:
      return [
        {
          path,
          received,
          problem: `expected one of ${issue.options.map((o) => JSON.stringify(o)).join(", ")}`,
          fix: "use one of the listed values",
        },
      ];
    case z.ZodIssueCode.invalid_union: {
      // A union such as `false | { ... }`: report the branch that matched the value's shape.
      const branch = issue.unionErrors.find((error) =>
        error.issues.every(
          (inner) =>
            inner.path.length > issue.path.length ||
            (inner.code !== z.ZodIssueCode.invalid_type && inner.code !== z.ZodIssueCode.invalid_literal),
        ),
      );
      if (branch) return branch.issues.flatMap((inner) => describeIssue(inner, root));
      const expected = issue.unionErrors.map((error) => unionBranchName(error.issues[0])).join(" or ");
      return [{ path, received, problem: `expected ${expected}`, fix: "see the configuration reference in README.md" }];
    }
    case z.ZodIssueCode.too_small:
      return [
        {
          path,
          received,
          problem: issue.message.replace(/^(Array|String) must contain/, "expected"),
          fix: issue.type === "array" ? "add entries" : "write a longer value",
        },
      ];
    default:
      return [{ path, received, problem: issue.message, fix: "see the configuration reference in README.md" }];
  }
}

function unionBranchName(issue: ZodIssue | undefined): string {
  if (issue?.code === z.ZodIssueCode.invalid_literal) return JSON.stringify(issue.expected);
  if (issue?.code === z.ZodIssueCode.invalid_type) return issue.expected;
  return "another shape";
}

/** Field names an object schema accepts at a path, for "did you mean" hints. */
function knownKeys(schema: ZodTypeAny, path: readonly (string | number)[]): string[] {
  let current: ZodTypeAny | undefined = schema;
  const unwrap = (s: ZodTypeAny | undefined): ZodTypeAny | undefined => {
    if (s instanceof z.ZodDefault || s instanceof z.ZodOptional) return unwrap(s._def.innerType);
    if (s instanceof z.ZodUnion)
      return (s.options as ZodTypeAny[]).map(unwrap).find((o) => o instanceof z.ZodObject || o instanceof z.ZodArray);
    return s;
  };
  for (const key of path) {
    current = unwrap(current);
    if (current instanceof z.ZodObject) current = (current.shape as Record<string, ZodTypeAny>)[key];
    else if (current instanceof z.ZodArray) current = current.element;
  }
  current = unwrap(current);
  return current instanceof z.ZodObject ? Object.keys(current.shape) : [];
}

function dedupe(issues: ConfigIssue[]): ConfigIssue[] {
  const seen = new Set<string>();
  return issues.filter((issue) => {
    const key = `${issue.path}\n${issue.problem}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/** Orders issues by path, numerically within lists (`vpcs[2]` before `vpcs[10]`). */
function sortByPath(issues: ConfigIssue[]): ConfigIssue[] {
  return [...issues].sort((a, b) => a.path.localeCompare(b.path, "en", { numeric: true }));
}
