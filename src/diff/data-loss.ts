import type { LabReading } from "../analysis/lab-reading";
import type { Block, TerraformJson } from "../analysis/terraform-json";
import { dataHoldingType } from "./data-loss-types";
import type { ResourceChanges } from "./resource-diff";
import { resourcesOf } from "./resource-diff";

/** A resource whose data or history the change deletes. */
export interface DataLoss {
  /** In the base's address for a removed resource, the new output's for a changed one. */
  readonly address: string;
  readonly type: string;
  /** `removed`: deleted; `replaced`: destroyed and created again (an argument that forces it changed); `retention`: a log group keeps its events for less time. */
  readonly change: "removed" | "replaced" | "retention";
  /** The changed arguments that force the replacement, or `retention_in_days`. */
  readonly attributes?: readonly string[];
  /** What is lost, in a sentence. */
  readonly reason: string;
  /** The AWS-side name when the JSON holds it literally (a bucket's, a log group's, an object's key; a prefix ends in `…`). */
  readonly name?: string;
  /** Where it is, from the analysis's reading of its side (its provider's region and account), when known. */
  readonly region?: string;
  readonly accountId?: string;
}

/** The two sides' readings (from their analyses), to say where each resource at risk is. */
export interface DataLossReadings {
  readonly base?: LabReading;
  readonly head?: LabReading;
}

/**
 * The data at risk in a change: removed resources of a data-holding type (see
 * `DATA_HOLDING_TYPES`), changed ones whose changed arguments make Terraform replace them, and log
 * groups whose retention gets shorter (CloudWatch Logs deletes the older events).
 */
export function dataAtRisk(
  changes: ResourceChanges,
  base: TerraformJson | undefined,
  head: TerraformJson | undefined,
  readings: DataLossReadings = {},
): DataLoss[] {
  const before = resourcesOf(base);
  const after = resourcesOf(head);
  const losses: DataLoss[] = [];
  for (const address of changes.removed) {
    const resource = before.get(address)!;
    const holding = dataHoldingType(resource.type);
    if (!holding || holding.losesDataWhenDeleted?.(resource.body) === false) continue;
    losses.push({
      address,
      type: resource.type,
      change: "removed",
      reason: `Removed: deleting it loses ${holding.holds}.`,
      ...identity(resource.body, readings.base, address),
    });
  }
  const movedFrom = new Map(changes.moved.map((m) => [m.to, m.from]));
  for (const { address, attributes, replaced, because } of changes.changed) {
    const resource = after.get(address)!;
    const holding = dataHoldingType(resource.type);
    if (!holding) continue;
    if (replaced) {
      if (holding.losesDataWhenDeleted?.(resource.body) === false) continue;
      const forcing = attributes.filter((name) => holding.replacedBy.includes(name));
      losses.push({
        address,
        type: resource.type,
        change: "replaced",
        attributes: forcing,
        reason: `Replaced (${because ?? forcing.join(", ")}): destroying it loses ${holding.holds}.`,
        ...identity(resource.body, readings.head, address),
      });
    } else if (resource.type === "aws_cloudwatch_log_group" && attributes.includes("retention_in_days")) {
      const wasValue = before.get(movedFrom.get(address) ?? address)?.body.retention_in_days;
      const was = retentionDays(wasValue);
      const now = retentionDays(resource.body.retention_in_days);
      // A retention that only a reference gives (known at apply) cannot be compared.
      if (now !== undefined && typeof wasValue !== "string" && (was === undefined || now < was))
        losses.push({
          address,
          type: resource.type,
          change: "retention",
          attributes: ["retention_in_days"],
          reason: `Retention shortened from ${was === undefined ? "never expiring" : `${was} days`} to ${now} days: CloudWatch Logs deletes the events older than that.`,
          ...identity(resource.body, readings.head, address),
        });
    }
  }
  return losses;
}

/** A retention in days; undefined for "never expire" (absent or 0) or a value only known at apply. */
function retentionDays(value: unknown): number | undefined {
  return typeof value === "number" && value > 0 ? value : undefined;
}

/** The resource's literal AWS-side name and its region and account, as far as the output tells them. */
function identity(body: Block, reading: LabReading | undefined, address: string): Pick<DataLoss, "name" | "region" | "accountId"> {
  const literal = (value: unknown) => (typeof value === "string" && !value.includes("${") ? value : undefined);
  const prefix = literal(body.bucket_prefix) ?? literal(body.name_prefix);
  const name = literal(body.bucket) ?? literal(body.name) ?? literal(body.key) ?? (prefix === undefined ? undefined : `${prefix}…`);
  const context = reading?.contextOf(address);
  return {
    ...(name === undefined ? {} : { name }),
    ...(context?.region === undefined ? {} : { region: context.region }),
    ...(context?.accountId === undefined ? {} : { accountId: context.accountId }),
  };
}
