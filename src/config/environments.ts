import type { ConfigIssue } from "./config-error";
import { formatReceived } from "./config-error";
import { defineOwn, isRecord, nullPrototypeRecord } from "./plain-records";
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
      locate: (issue) => (overridesPath(lab, overrides, issue.path) ? { ...issue, path: `${path}.${issue.path}` } : issue),
    });
  }
  return { stacks, issues };
}

/**
 * Objects merge key by key; lists and values replace. Without recursion (an explicit work list),
 * and into objects without a prototype, so that no key of the input meets a prototype's setter.
 */
function mergeOverrides(base: Record<string, unknown>, overrides: Record<string, unknown>): Record<string, unknown> {
  const result = nullPrototypeRecord(Object.entries(base));
  const work = [{ target: result, overrides }];
  while (work.length > 0) {
    const { target, overrides: layer } = work.pop()!;
    for (const [key, value] of Object.entries(layer)) {
      const current = Object.prototype.hasOwnProperty.call(target, key) ? target[key] : undefined;
      if (isRecord(current) && isRecord(value)) {
        const merged = nullPrototypeRecord(Object.entries(current));
        defineOwn(target, key, merged);
        work.push({ target: merged, overrides: value });
      } else {
        defineOwn(target, key, value);
      }
    }
  }
  return result;
}

/**
 * True when a reported path such as `vpcs[0].cidr` or `backend.type` is the environment's to fix:
 * the environment's overrides hold a value at (or above) it, or the field is missing from an
 * object that only the environment writes (`"backend": { "key": ... }` in an environment, with no
 * `backend` in the lab, lacks its `type` there).
 */
function overridesPath(lab: Record<string, unknown>, overrides: Record<string, unknown>, path: string): boolean {
  if (path === "") return false;
  let node: unknown = overrides;
  let labNode: unknown = lab;
  for (const [, key, index, quoted] of path.matchAll(/([^.[\]]+)|\[(\d+)\]|\[("(?:[^"\\]|\\.)*")\]/g)) {
    if (!isRecord(node) && !Array.isArray(node)) return true;
    const segment = key ?? (index !== undefined ? Number(index) : (JSON.parse(quoted!) as string));
    if (Array.isArray(node)) return true; // a replaced list: everything in it is the environment's
    if (!Object.prototype.hasOwnProperty.call(node, segment)) return node !== overrides && labNode === undefined;
    node = (node as Record<string | number, unknown>)[segment];
    labNode = isRecord(labNode) && Object.prototype.hasOwnProperty.call(labNode, segment) ? labNode[segment] : undefined;
  }
  return true;
}
