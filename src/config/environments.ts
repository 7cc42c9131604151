import type { ConfigIssue } from "./config-error";
import { formatReceived } from "./config-error";
import { MAX_STACK_NAME_LENGTH, environmentName } from "./schema";

/** One stack to validate: its raw document, and how to place a problem found in it. */
export interface StackDocument {
  /** The merged document of this stack (the lab, or the lab with an environment's overrides). */
  readonly raw: Record<string, unknown>;
  /** The environment, when the configuration has `environments`. */
  readonly environment?: string;
  /** Moves a problem in what the environment overrides under `environments.<env>.`. */
  readonly locate: (issue: ConfigIssue) => ConfigIssue;
}

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === "object" && value !== null && !Array.isArray(value);

/**
 * The stacks of a configuration: the lab itself, or, with `environments`, one per environment
 * (`<name>-<env>`), each being the lab with the environment's overrides merged in: objects merge
 * key by key (so `{ "backend": { "key": "dev.tfstate" } }` keeps the bucket), lists and values
 * replace. An environment that gives `vpcs` without `peerings` gets every pair peered, unless the
 * lab itself lists its peerings.
 */
export function stacksOf(merged: Record<string, unknown>, labListsPeerings: boolean): { stacks: StackDocument[]; issues: ConfigIssue[] } {
  const { environments, ...lab } = merged;
  if (environments === undefined) return { stacks: [{ raw: lab, locate: (issue) => issue }], issues: [] };
  if (!isRecord(environments) || Object.keys(environments).length === 0) {
    return {
      stacks: [],
      issues: [
        {
          path: "environments",
          received: formatReceived(environments),
          problem: 'expected an object of environments, such as { "dev": {}, "prod": { "region": "eu-west-1" } }',
          fix: "name at least one environment, or remove the field",
        },
      ],
    };
  }
  const issues: ConfigIssue[] = [];
  const stacks: StackDocument[] = [];
  const labName = typeof lab.name === "string" ? lab.name : "";
  for (const [env, overrides] of Object.entries(environments)) {
    const path = `environments.${env}`;
    const stackName = `${labName}-${env}`;
    if (!environmentName.test(env)) {
      issues.push({
        path,
        received: formatReceived(env),
        problem:
          "expected an environment name of lowercase letters, digits and single hyphens, starting with a letter (it ends the stack name)",
        fix: 'rename it, e.g. "dev" or "prod"',
      });
      continue;
    }
    if (stackName.length > MAX_STACK_NAME_LENGTH) {
      issues.push({
        path,
        received: formatReceived(env),
        problem: `expected the stack name "${stackName}" to fit ${MAX_STACK_NAME_LENGTH} characters (it prefixes IAM and S3 names)`,
        fix: `shorten the lab's name or the environment's by ${stackName.length - MAX_STACK_NAME_LENGTH} characters`,
      });
      continue;
    }
    if (!isRecord(overrides)) {
      issues.push({
        path,
        received: formatReceived(overrides),
        problem: "expected an object of overrides",
        fix: "write {} to take the lab as it is",
      });
      continue;
    }
    for (const field of ["name", "environments"] as const) {
      if (field in overrides)
        issues.push({
          path: `${path}.${field}`,
          received: formatReceived(overrides[field]),
          problem:
            field === "name"
              ? `expected no name: an environment's stack is named "<name>-<environment>" ("${stackName}")`
              : "expected no environments inside an environment",
          fix: "remove the field",
        });
    }
    const raw = mergeOverrides(lab, overrides);
    raw.name = stackName;
    if ("vpcs" in overrides && !("peerings" in overrides) && !labListsPeerings) delete raw.peerings;
    stacks.push({
      raw,
      environment: env,
      locate: (issue) => (overridesPath(overrides, issue.path) ? { ...issue, path: `${path}.${issue.path}` } : issue),
    });
  }
  return { stacks, issues };
}

/** Objects merge key by key; lists and values replace. Builds objects without prototypes' setters in the way. */
function mergeOverrides(base: Record<string, unknown>, overrides: Record<string, unknown>): Record<string, unknown> {
  const result: Record<string, unknown> = { ...base };
  for (const [key, value] of Object.entries(overrides)) {
    const current = result[key];
    const merged = isRecord(current) && isRecord(value) ? mergeOverrides(current, value) : value;
    Object.defineProperty(result, key, { value: merged, enumerable: true, writable: true, configurable: true });
  }
  return result;
}

/** True when the environment's overrides hold a value at (or above) a reported path such as `vpcs[0].cidr`. */
function overridesPath(overrides: Record<string, unknown>, path: string): boolean {
  if (path === "") return false;
  let node: unknown = overrides;
  for (const [, key, index, quoted] of path.matchAll(/([^.[\]]+)|\[(\d+)\]|\[("(?:[^"\\]|\\.)*")\]/g)) {
    if (!isRecord(node) && !Array.isArray(node)) return true;
    const segment = key ?? (index !== undefined ? Number(index) : (JSON.parse(quoted!) as string));
    if (Array.isArray(node)) return true; // a replaced list: everything in it is the environment's
    if (!Object.prototype.hasOwnProperty.call(node, segment)) return false;
    node = (node as Record<string | number, unknown>)[segment];
  }
  return true;
}
