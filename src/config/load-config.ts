import type { z } from "zod";
import type { ConfigIssue } from "./config-error";
import { ConfigError, formatReceived } from "./config-error";
import { crossFieldIssues } from "./cross-field-checks";
import { describeIssue } from "./describe-issue";
import { readConfigFile, sizeIssues } from "./read-config-file";
import { DEFAULT_LAB_CONFIG } from "./default-config";
import { describeStateLocation } from "./backend";
import { stacksOf } from "./environments";
import type { AccountConfig, LabConfig, PeeringConfig, ResolvedVpcConfig } from "./schema";
import { nullPrototypeRecord } from "./plain-records";
import { LabConfigSchema } from "./schema";

/** Name of the environment variable that points at a configuration file. */
export const CONFIG_ENV_VAR = "LAB_CONFIG";

/**
 * Loads the configuration named by `LAB_CONFIG` (or the embedded default when it is unset),
 * validates it, and returns one configuration per stack: the lab, or each of its environments.
 * Throws one {@link ConfigError} that lists every problem.
 */
export function loadLabConfigs(env: NodeJS.ProcessEnv = process.env): LabConfig[] {
  const file = env[CONFIG_ENV_VAR];
  if (!file) return parseLabConfigs({}, "the embedded default");
  return parseLabConfigs(readConfigFile(file, CONFIG_ENV_VAR), file);
}

/** {@link loadLabConfigs} for a configuration of one stack (no `environments`). */
export function loadLabConfig(env: NodeJS.ProcessEnv = process.env): LabConfig {
  return single(loadLabConfigs(env));
}

/** {@link parseLabConfigs} for a configuration of one stack (no `environments`). */
export function parseLabConfig(overrides: unknown, source: string): LabConfig {
  return single(parseLabConfigs(overrides, source));
}

function single(configs: LabConfig[]): LabConfig {
  if (configs.length !== 1) throw new Error(`expected a configuration of one stack, got ${configs.length} environments`);
  return configs[0]!;
}

/**
 * Validates configuration overrides on top of {@link DEFAULT_LAB_CONFIG}: top-level fields of
 * `overrides` replace the default's. When `vpcs` is given without `peerings`, every pair of VPCs
 * is peered. With `environments`, each environment's overrides are merged into that (objects
 * merge, lists and values replace) and validated as a stack of its own; problems in what an
 * environment overrides are reported under `environments.<env>.`.
 */
export function parseLabConfigs(overrides: unknown, source: string): LabConfig[] {
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
  const document = JSON.parse(JSON.stringify(overrides)) as Record<string, unknown>;

  const merged = nullPrototypeRecord([...Object.entries(DEFAULT_LAB_CONFIG), ...Object.entries(document)]);
  if ("vpcs" in document && !("peerings" in document)) delete merged.peerings;

  const stacks = stacksOf(merged, "peerings" in document);
  const issues: ConfigIssue[] = [...stacks.issues];
  const configs: LabConfig[] = [];
  for (const stack of stacks.stacks) {
    const result = LabConfigSchema.safeParse(stack.raw);
    const stackIssues = [
      ...(result.success ? [] : result.error.issues.flatMap((issue) => describeIssue(issue, stack.raw))),
      ...crossFieldIssues(stack.raw),
    ];
    issues.push(...stackIssues.map((issue) => stack.locate(issue)));
    if (result.success && stackIssues.length === 0) configs.push(resolve(result.data, stack.raw, stack.environment));
  }
  issues.push(...stateLocationIssues(configs));
  if (issues.length > 0) throw new ConfigError(source, sortByPath(dedupe(issues)));
  return configs;
}

/** Two stacks that shared a state location would overwrite each other's state. */
function stateLocationIssues(configs: readonly LabConfig[]): ConfigIssue[] {
  const seen = new Map<string, LabConfig>();
  const issues: ConfigIssue[] = [];
  for (const config of configs) {
    const location = describeStateLocation(config);
    const first = seen.get(location);
    if (first === undefined) seen.set(location, config);
    else
      issues.push({
        path: `environments.${config.environment ?? config.name}.backend`,
        received: formatReceived(config.backend),
        problem: `expected a state location of its own, but stack ${first.name} keeps its state in ${location} too: the two would overwrite each other's state`,
        fix: "give each environment its own path, key or workspace (or leave them out: the defaults differ per environment)",
      });
  }
  return issues;
}

/**
 * The configuration every construct reads, in one canonical order: lists whose order carries no
 * meaning (VPCs, peerings, selections of VPCs, SSH sources, admin principals, tags) are sorted,
 * so that the same lab written in any order synthesizes byte-identical Terraform.
 */
function resolve(config: z.output<typeof LabConfigSchema>, raw: Record<string, unknown>, environment: string | undefined): LabConfig {
  const sortedSet = <T extends string>(list: readonly T[]) => [...new Set(list)].sort(byText);
  // VPCs, peerings and selections are ordered by physical name: it survives a rename, so a
  // renamed VPC keeps its place, and its resources pair up with their old addresses.
  const vpcs = config.vpcs.map((vpc) => ({ ...vpc, physicalName: vpc.previousNames[0] ?? vpc.name, region: vpc.region ?? config.region }));
  const physical = new Map(vpcs.map((vpc) => [vpc.name, vpc.physicalName]));
  const byPhysical = (a: string, b: string) => byText(physical.get(a) ?? a, physical.get(b) ?? b);
  const selection = (value: "all" | string[]) => (value === "all" ? value : [...new Set(value)].sort(byPhysical));
  const peerings = config.peerings ?? fullMesh(vpcs);
  const stack: Omit<typeof config, "environments" | "$schema"> = { ...config };
  delete (stack as { environments?: unknown }).environments;
  delete (stack as { $schema?: unknown }).$schema;
  const labName = config.previousNames[0] ?? (environment === undefined ? config.name : config.name.slice(0, -environment.length - 1));
  return {
    ...stack,
    ...(environment === undefined ? {} : { environment }),
    physicalName: environment === undefined ? labName : `${labName}-${environment}`,
    tags: tagsOf(raw.tags),
    sshCidrs: sortedSet(config.sshCidrs),
    vpcs: vpcs.sort((a, b) => byText(a.physicalName, b.physicalName)),
    peerings: [...peerings].sort((a, b) => byPhysical(a.requester, b.requester) || byPhysical(a.accepter, b.accepter)),
    flowLogs: config.flowLogs === false ? false : { ...config.flowLogs, vpcs: selection(config.flowLogs.vpcs) },
    accounts: accountsOf(config.accounts),
    s3:
      config.s3 === false
        ? false
        : {
            ...config.s3,
            endpointVpcs: selection(endpointSelection(config.s3.endpointVpcs, vpcs, config.region)),
            adminPrincipalArns: sortedSet(config.s3.adminPrincipalArns),
          },
    offlineValues: {
      ...config.offlineValues,
      regions: nullPrototypeRecord(Object.entries(config.offlineValues.regions).sort(([a], [b]) => byText(a, b))),
    },
  };
}

/**
 * An S3 gateway endpoint reaches only buckets of its own region, so `"all"` means every VPC in
 * the bucket's region (the lab's): a lab whose VPCs all live there keeps `"all"`.
 */
function endpointSelection(value: "all" | string[], vpcs: readonly { name: string; region: string }[], region: string): "all" | string[] {
  if (value !== "all" || vpcs.every((vpc) => vpc.region === region)) return value;
  return vpcs.filter((vpc) => vpc.region === region).map((vpc) => vpc.name);
}

/** Accounts sorted by name (an object without a prototype), each with the account id read from its role ARN. */
function accountsOf(accounts: Record<string, { roleArn: string }>): Record<string, AccountConfig> {
  return nullPrototypeRecord(
    Object.entries(accounts)
      .sort(([a], [b]) => byText(a, b))
      .map(([name, { roleArn }]) => [name, { roleArn, accountId: roleArn.split(":")[4]! }] as const),
  );
}

/**
 * The validated tags as an object without a prototype, sorted by key: built from the raw document
 * because a parsed record has lost a key such as `__proto__` (a legal AWS tag key).
 */
function tagsOf(raw: unknown): Record<string, string> {
  if (typeof raw !== "object" || raw === null) return nullPrototypeRecord([]);
  return nullPrototypeRecord(Object.entries(raw as Record<string, string>).sort(([a], [b]) => byText(a, b)));
}

/**
 * Every pair once; the requester is the VPC whose physical name sorts first, so that neither
 * reordering `vpcs` nor renaming a VPC ever swaps requester and accepter (which would replace
 * the peering).
 */
function fullMesh(vpcs: readonly ResolvedVpcConfig[]): PeeringConfig[] {
  const sorted = [...vpcs].sort((a, b) => byText(a.physicalName, b.physicalName)).map((vpc) => vpc.name);
  return sorted.flatMap((requester, i) => sorted.slice(i + 1).map((accepter) => ({ requester, accepter })));
}

/** Code-unit order: the same on every machine, whatever its locale. */
function byText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
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
