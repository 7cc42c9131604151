import { Testing } from "cdktf";
import type { LabConfig } from "../src/config";
import { parseLabConfig } from "../src/config";
import { LabStack } from "../src/stacks/lab-stack";

/** Synthesized Terraform JSON, parsed. */
export interface TerraformJson {
  readonly resource: Record<string, Record<string, Record<string, unknown>>>;
  readonly data?: Record<string, Record<string, Record<string, unknown>>>;
  readonly output?: Record<string, { value: unknown }>;
  readonly provider?: Record<string, Record<string, unknown>[]>;
  readonly terraform?: Record<string, unknown>;
}

/** A VPC entry of a configuration: `vpcConfig("vpc3", 3)` is 10.3.0.0/16 with the public subnet 10.3.0.0/24. */
export function vpcConfig(name: string, n: number, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return { name, cidr: `10.${n}.0.0/16`, publicSubnetCidr: `10.${n}.0.0/24`, ...extra };
}

/** Validates `overrides` on top of the default lab, as a LAB_CONFIG file would be. */
export function labConfig(overrides: Record<string, unknown> = {}): LabConfig {
  return parseLabConfig(overrides, "test");
}

/** Synthesizes a lab stack; returns the JSON text (for cdktf matchers) and the parsed object. */
export function synthLab(overrides: Record<string, unknown> = {}): { text: string; json: TerraformJson; stack: LabStack } {
  const app = Testing.app();
  const stack = new LabStack(app, "test-lab", { config: labConfig(overrides) });
  const text = Testing.synth(stack);
  return { text, json: JSON.parse(text) as TerraformJson, stack };
}

/** All resources of one type, by name. */
export function resourcesOf(json: TerraformJson, type: string): Record<string, Record<string, unknown>> {
  return json.resource[type] ?? {};
}

/** One resource, failing loudly when it is missing. */
export function resource(json: TerraformJson, type: string, name: string): Record<string, unknown> {
  const found = json.resource[type]?.[name];
  if (!found)
    throw new Error(
      `expected ${type}.${name} in the synthesized JSON; have: ${Object.keys(json.resource[type] ?? {}).join(", ") || "none"}`,
    );
  return found;
}

/** Every resource address (`type.name`) in the synthesized JSON, sorted. */
export function addresses(json: TerraformJson): string[] {
  return Object.entries(json.resource)
    .flatMap(([type, byName]) => Object.keys(byName).map((name) => `${type}.${name}`))
    .sort();
}

/** The AWS ids of a VPC built by hand in the console, as `vpcs[].import` adopts them. */
export const CONSOLE_BUILT_VPC_IDS = {
  vpc: "vpc-0123456789abcdef0",
  subnet: "subnet-0123456789abcdef0",
  internetGateway: "igw-0123456789abcdef0",
  routeTable: "rtb-0123456789abcdef0",
  securityGroup: "sg-0123456789abcdef0",
  instance: "i-0123456789abcdef0",
  eip: "eipalloc-0123456789abcdef0",
} as const;
