import type { ConfigIssue } from "./config-error";
import { formatReceived } from "./config-error";
import { reservedBucketPrefixOf } from "./bucket-name";
import type { Ipv4Block } from "./cidr";
import { contains, networkOf, overlaps, parseIpv4Cidr } from "./cidr";

type Raw = Record<string, unknown>;

const isRecord = (value: unknown): value is Raw => typeof value === "object" && value !== null && !Array.isArray(value);
const asArray = (value: unknown): unknown[] => (Array.isArray(value) ? value : []);

interface RawVpc {
  readonly index: number;
  readonly name?: string;
  readonly cidr?: Ipv4Block;
}

/**
 * Checks that relate fields to each other (names, overlaps, references). They run on the raw
 * document, reading defensively, so that they report even when zod has stopped at a type error
 * elsewhere in the same object.
 */
export function crossFieldIssues(raw: Raw): ConfigIssue[] {
  const issues: ConfigIssue[] = [];
  const vpcs: RawVpc[] = asArray(raw.vpcs).map((vpc, index) => {
    if (!isRecord(vpc)) return { index };
    return {
      index,
      name: typeof vpc.name === "string" ? vpc.name : undefined,
      cidr: typeof vpc.cidr === "string" ? parseIpv4Cidr(vpc.cidr) : undefined,
    };
  });
  const names = new Set(vpcs.flatMap((vpc) => (vpc.name === undefined ? [] : [vpc.name])));
  const known = [...names].join(", ");

  const seen = new Map<string, number>();
  for (const vpc of vpcs) {
    if (vpc.name === undefined) continue;
    const first = seen.get(vpc.name);
    if (first !== undefined) {
      issues.push({
        path: `vpcs[${vpc.index}].name`,
        received: formatReceived(vpc.name),
        problem: `expected a unique VPC name, but vpcs[${first}] has the same name`,
        fix: "rename one of them",
      });
    } else {
      seen.set(vpc.name, vpc.index);
    }
  }

  for (const [i, a] of vpcs.entries()) {
    for (const b of vpcs.slice(i + 1)) {
      if (a.cidr && b.cidr && overlaps(a.cidr, b.cidr)) {
        issues.push({
          path: `vpcs[${b.index}].cidr`,
          received: formatReceived(b.cidr.text),
          problem: `expected a block that does not overlap vpcs[${a.index}].cidr (${a.cidr.text}): overlapping VPCs cannot be peered or routed to each other`,
          fix: "choose a distinct block, e.g. 10.<n>.0.0/16 with a different <n> per VPC",
        });
      }
    }
  }

  for (const [index, vpc] of asArray(raw.vpcs).entries()) {
    if (!isRecord(vpc) || typeof vpc.publicSubnetCidr !== "string") continue;
    const subnet = parseIpv4Cidr(vpc.publicSubnetCidr);
    const vpcBlock = vpcs[index]?.cidr;
    if (subnet && vpcBlock && !contains(vpcBlock, subnet)) {
      issues.push({
        path: `vpcs[${index}].publicSubnetCidr`,
        received: formatReceived(subnet.text),
        problem: `expected a block inside the VPC's ${vpcBlock.text}`,
        fix: `use a block inside ${vpcBlock.text}, e.g. ${networkOf({ ...vpcBlock, prefix: Math.max(vpcBlock.prefix, 24) })}`,
      });
    }
  }

  const pairs = new Map<string, number>();
  for (const [index, peering] of asArray(raw.peerings).entries()) {
    if (!isRecord(peering)) continue;
    const ends = (["requester", "accepter"] as const).filter((end) => typeof peering[end] === "string");
    for (const end of ends) {
      if (!names.has(peering[end] as string)) {
        issues.push({
          path: `peerings[${index}].${end}`,
          received: formatReceived(peering[end]),
          problem: "expected the name of a VPC in vpcs",
          fix: `use one of: ${known}`,
        });
      }
    }
    if (ends.length !== 2) continue;
    const [requester, accepter] = [peering.requester as string, peering.accepter as string];
    if (requester === accepter) {
      issues.push({
        path: `peerings[${index}]`,
        received: formatReceived(peering),
        problem: "expected two different VPCs: a VPC cannot be peered with itself",
        fix: "name another VPC as accepter, or remove this peering",
      });
      continue;
    }
    const key = [requester, accepter].sort().join(" ");
    const first = pairs.get(key);
    if (first !== undefined) {
      issues.push({
        path: `peerings[${index}]`,
        received: formatReceived(peering),
        problem: `expected each pair of VPCs once, but peerings[${first}] already peers ${requester} and ${accepter}`,
        fix: "remove the duplicate (AWS allows one active peering per pair)",
      });
    } else {
      pairs.set(key, index);
    }
  }

  issues.push(...selectionIssues(raw, ["flowLogs", "vpcs"], names, known));
  issues.push(...selectionIssues(raw, ["s3", "endpointVpcs"], names, known));

  // Without s3.bucketName the bucket is named by bucket_prefix "<name>-", which S3 must accept too.
  const s3 = raw.s3 === undefined ? {} : raw.s3;
  if (isRecord(s3) && s3.bucketName === undefined && typeof raw.name === "string") {
    const reserved = reservedBucketPrefixOf(`${raw.name}-`);
    if (reserved !== undefined) {
      issues.push({
        path: "name",
        received: formatReceived(raw.name),
        problem: `expected a name that does not start with "${reserved}": it prefixes the S3 bucket's name, and S3 reserves that prefix`,
        fix: "rename the lab, or set s3.bucketName",
      });
    }
  }

  for (const [index, expectation] of asArray(raw.expect).entries()) {
    if (!isRecord(expectation)) continue;
    // icmp: VPC -> VPC; ssh: "instance-connect" -> VPC; s3: VPC -> "s3".
    const ends = {
      from: expectation.protocol === "ssh" ? ["instance-connect"] : [...names],
      to: expectation.protocol === "s3" ? ["s3"] : [...names],
    };
    for (const end of ["from", "to"] as const) {
      const value = expectation[end];
      if (typeof value === "string" && !ends[end].includes(value)) {
        issues.push({
          path: `expect[${index}].${end}`,
          received: formatReceived(value),
          problem: `expected ${end === "from" ? "a source" : "a destination"} for protocol ${formatReceived(expectation.protocol)} (icmp: VPC -> VPC, ssh: instance-connect -> VPC, s3: VPC -> s3)`,
          fix: `use one of: ${ends[end].join(", ")}`,
        });
      }
    }
  }

  const sshSeen = new Map<string, number>();
  for (const [index, cidr] of asArray(raw.sshCidrs).entries()) {
    if (typeof cidr !== "string") continue;
    const first = sshSeen.get(cidr);
    if (first === undefined) sshSeen.set(cidr, index);
    else
      issues.push({
        path: `sshCidrs[${index}]`,
        received: formatReceived(cidr),
        problem: `expected each block once, but sshCidrs[${first}] is the same`,
        fix: "remove the duplicate",
      });
  }

  if (raw.allowSshFromAnywhere !== true) {
    for (const [index, cidr] of asArray(raw.sshCidrs).entries()) {
      if (cidr === "0.0.0.0/0") {
        issues.push({
          path: `sshCidrs[${index}]`,
          received: formatReceived(cidr),
          problem: "expected your own address range: 0.0.0.0/0 opens SSH to the whole internet",
          fix: 'use your public address as x.x.x.x/32, or set "allowSshFromAnywhere": true if you mean it',
        });
      }
    }
  }
  return issues;
}

/** A `vpcs`-style selection ("all" or names) must name known VPCs. */
function selectionIssues(raw: Raw, [section, field]: [string, string], names: Set<string>, known: string): ConfigIssue[] {
  const block = raw[section];
  if (!isRecord(block)) return [];
  return asArray(block[field]).flatMap((name, index) =>
    typeof name === "string" && !names.has(name)
      ? [
          {
            path: `${section}.${field}[${index}]`,
            received: formatReceived(name),
            problem: "expected the name of a VPC in vpcs",
            fix: `use one of: ${known}, or "all"`,
          },
        ]
      : [],
  );
}
