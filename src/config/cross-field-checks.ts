import type { Ipv4Block } from "../aws/ipv4-cidr";
import { contains, networkOf, overlaps, parseIpv4Cidr } from "../aws/ipv4-cidr";
import { isZoneOf } from "../aws/regions";
import { BROADEST_QUIET_SSH_PREFIX, describeSshBreadth, isTooBroadForSsh, sshSourcesCoverAllOfIpv4 } from "../aws/ssh-breadth";
import { tagProblem } from "../aws/tags";
import { reservedBucketPrefixOf } from "./bucket-name";
import type { ConfigIssue } from "./config-error";
import { formatPath, formatReceived } from "./config-error";
import { LIMITS } from "./limits";
import type { RawRecord as Raw } from "./plain-records";
import { asArray, isRecord } from "./plain-records";

/** A VPC as read from the raw document: its index, and its name and block when they are usable. */
interface RawVpc {
  readonly index: number;
  readonly name?: string;
  readonly cidr?: Ipv4Block;
}

/** What every check reads: the raw document of one stack, and its VPCs read once. */
export interface CrossFieldContext {
  readonly raw: Raw;
  readonly vpcs: readonly RawVpc[];
  /** The names of the VPCs (each once). */
  readonly names: ReadonlySet<string>;
  /** The names of the VPCs as a list for a fix ("use one of: vpc1, vpc2"). */
  readonly known: string;
}

/** A check that relates fields to each other: its name, what it ensures, and the check itself. */
export interface CrossFieldCheck {
  /** A name for tests and reviews, e.g. `unique-vpc-names`. */
  readonly name: string;
  /** What a configuration that passes it has, in one sentence. */
  readonly ensures: string;
  readonly check: (context: CrossFieldContext) => ConfigIssue[];
}

/** Reads the VPCs of a raw document once, defensively (any entry may be of the wrong type). */
export function crossFieldContextOf(raw: Raw): CrossFieldContext {
  const vpcs: RawVpc[] = asArray(raw.vpcs).map((vpc, index) => {
    if (!isRecord(vpc)) return { index };
    return {
      index,
      name: typeof vpc.name === "string" ? vpc.name : undefined,
      cidr: typeof vpc.cidr === "string" ? parseIpv4Cidr(vpc.cidr) : undefined,
    };
  });
  const names = new Set(vpcs.flatMap((vpc) => (vpc.name === undefined ? [] : [vpc.name])));
  return { raw, vpcs, names, known: [...names].join(", ") };
}

/**
 * Checks that relate fields to each other (names, overlaps, references). They run on the raw
 * document, reading defensively, so that they report even when zod has stopped at a type error
 * elsewhere in the same object.
 */
export function crossFieldIssues(raw: Raw): ConfigIssue[] {
  const context = crossFieldContextOf(raw);
  return CROSS_FIELD_CHECKS.flatMap((check) => check.check(context));
}

function uniqueVpcNames({ vpcs }: CrossFieldContext): ConfigIssue[] {
  const issues: ConfigIssue[] = [];
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
  return issues;
}

/**
 * Each overlapping VPC once, against the first VPC it overlaps: 40 VPCs on one block are 39
 * problems, not 780 pairs.
 */
function distinctVpcBlocks({ vpcs }: CrossFieldContext): ConfigIssue[] {
  const issues: ConfigIssue[] = [];
  for (const [i, b] of vpcs.entries()) {
    if (!b.cidr) continue;
    const earlier = vpcs.slice(0, i).filter((vpc) => vpc.cidr && overlaps(vpc.cidr, b.cidr!));
    const a = earlier[0];
    if (!a?.cidr) continue;
    const others = earlier.length - 1;
    issues.push({
      path: `vpcs[${b.index}].cidr`,
      received: formatReceived(b.cidr.text),
      problem:
        `expected a block that does not overlap vpcs[${a.index}].cidr (${a.cidr.text})` +
        (others > 0 ? ` or ${others} other earlier ${others === 1 ? "VPC" : "VPCs"}` : "") +
        ": overlapping VPCs cannot be peered or routed to each other",
      fix: "choose a distinct block, e.g. 10.<n>.0.0/16 with a different <n> per VPC",
    });
  }
  return issues;
}

function zonesInRegion({ raw }: CrossFieldContext): ConfigIssue[] {
  const issues: ConfigIssue[] = [];
  for (const [index, vpc] of asArray(raw.vpcs).entries()) {
    if (!isRecord(vpc) || typeof vpc.availabilityZone !== "string") continue;
    const ownRegion = typeof vpc.region === "string";
    const region = ownRegion ? (vpc.region as string) : raw.region;
    if (typeof region !== "string") continue;
    const zone = vpc.availabilityZone;
    if (!isZoneOf(zone, region)) {
      issues.push({
        path: `vpcs[${index}].availabilityZone`,
        received: formatReceived(zone),
        problem: `expected a zone of the ${ownRegion ? "VPC's" : "lab's"} region ${region} (the subnet is created there; AWS would refuse the zone only at apply)`,
        fix: `use ${region}a, ${region}b, ..., or leave availabilityZone out`,
      });
    }
  }
  return issues;
}

function subnetsInsideVpcs({ raw, vpcs }: CrossFieldContext): ConfigIssue[] {
  const issues: ConfigIssue[] = [];
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
  return issues;
}

/** The peerings between two different VPCs, each pair once: the pair's key and its first index. */
function peeredPairs({ raw }: CrossFieldContext): Map<string, number> {
  const pairs = new Map<string, number>();
  for (const [index, peering] of asArray(raw.peerings).entries()) {
    if (!isRecord(peering) || typeof peering.requester !== "string" || typeof peering.accepter !== "string") continue;
    if (peering.requester === peering.accepter) continue;
    const key = [peering.requester, peering.accepter].sort().join(" ");
    if (!pairs.has(key)) pairs.set(key, index);
  }
  return pairs;
}

function peeringEnds({ raw, names, known }: CrossFieldContext): ConfigIssue[] {
  const issues: ConfigIssue[] = [];
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
  return issues;
}

function peeringsPerVpc(context: CrossFieldContext): ConfigIssue[] {
  const issues: ConfigIssue[] = [];
  const counts = new Map<string, number>();
  for (const key of peeredPairs(context).keys()) for (const name of key.split(" ")) counts.set(name, (counts.get(name) ?? 0) + 1);
  for (const vpc of context.vpcs) {
    const count = vpc.name === undefined ? 0 : (counts.get(vpc.name) ?? 0);
    if (count > LIMITS.peeringsPerVpc) {
      issues.push({
        path: `vpcs[${vpc.index}].name`,
        received: formatReceived(vpc.name),
        problem: `expected at most ${LIMITS.peeringsPerVpc} peerings of one VPC (AWS's maximum of active peerings per VPC), but peerings names it ${count} times`,
        fix: "peer it with fewer VPCs (a transit gateway scales further)",
      });
    }
  }
  return issues;
}

/** Without s3.bucketName the bucket is named by bucket_prefix "<name>-", which S3 must accept too. */
function bucketPrefix({ raw }: CrossFieldContext): ConfigIssue[] {
  const s3 = raw.s3 === undefined ? {} : raw.s3;
  if (!isRecord(s3) || s3.bucketName !== undefined || typeof raw.name !== "string") return [];
  const reserved = reservedBucketPrefixOf(`${raw.name}-`);
  if (reserved === undefined) return [];
  return [
    {
      path: "name",
      received: formatReceived(raw.name),
      problem: `expected a name that does not start with "${reserved}": it prefixes the S3 bucket's name, and S3 reserves that prefix`,
      fix: "rename the lab, or set s3.bucketName",
    },
  ];
}

function uniqueSshSources({ raw }: CrossFieldContext): ConfigIssue[] {
  const issues: ConfigIssue[] = [];
  const seen = new Map<string, number>();
  for (const [index, cidr] of asArray(raw.sshCidrs).entries()) {
    if (typeof cidr !== "string") continue;
    const first = seen.get(cidr);
    if (first === undefined) seen.set(cidr, index);
    else
      issues.push({
        path: `sshCidrs[${index}]`,
        received: formatReceived(cidr),
        problem: `expected each block once, but sshCidrs[${first}] is the same`,
        fix: "remove the duplicate",
      });
  }
  return issues;
}

/** A bucket cannot be renamed: an imported bucket keeps its name. */
function importedBucketName({ raw }: CrossFieldContext): ConfigIssue[] {
  const s3 = raw.s3;
  if (!isRecord(s3) || !isRecord(s3.import) || typeof s3.import.bucket !== "string" || typeof s3.bucketName !== "string") return [];
  if (s3.bucketName === s3.import.bucket) return [];
  return [
    {
      path: "s3.bucketName",
      received: formatReceived(s3.bucketName),
      problem: `expected the imported bucket's name (${formatReceived(s3.import.bucket)}): a bucket cannot be renamed, so another name would replace it`,
      fix: "remove s3.bucketName (the imported bucket's name is used)",
    },
  ];
}

/** Every cross-field check, in the order their problems are listed (before sorting by path). */
export const CROSS_FIELD_CHECKS: readonly CrossFieldCheck[] = [
  { name: "unique-vpc-names", ensures: "No two VPCs share a name.", check: uniqueVpcNames },
  { name: "distinct-vpc-blocks", ensures: "No two VPCs' blocks overlap (overlapping VPCs cannot be peered).", check: distinctVpcBlocks },
  { name: "zones-in-region", ensures: "Each availabilityZone is a zone of the VPC's region.", check: zonesInRegion },
  {
    name: "placement",
    ensures: "Each vpcs[].account is in accounts, S3 endpoints are in the bucket's region, and endpoint mode has no sshCidrs.",
    check: ({ raw, vpcs }) => placementIssues(raw, vpcs),
  },
  { name: "subnets-inside-vpcs", ensures: "Each publicSubnetCidr lies inside its VPC's block.", check: subnetsInsideVpcs },
  { name: "peering-ends", ensures: "Each peering joins two different known VPCs, each pair once.", check: peeringEnds },
  {
    name: "peerings-per-vpc",
    ensures: `No VPC takes part in more than ${LIMITS.peeringsPerVpc} peerings (AWS's maximum).`,
    check: peeringsPerVpc,
  },
  {
    name: "flow-log-selection",
    ensures: "flowLogs.vpcs names only known VPCs.",
    check: ({ raw, names, known }) => selectionIssues(raw, ["flowLogs", "vpcs"], names, known),
  },
  {
    name: "endpoint-selection",
    ensures: "s3.endpointVpcs names only known VPCs.",
    check: ({ raw, names, known }) => selectionIssues(raw, ["s3", "endpointVpcs"], names, known),
  },
  { name: "bucket-prefix", ensures: "The bucket_prefix made from the lab's name is one S3 accepts.", check: bucketPrefix },
  {
    name: "expectations",
    ensures: "Each expectation names ends its protocol can have, once per path.",
    check: ({ raw, names }) => expectationIssues(raw, names),
  },
  { name: "unique-ssh-sources", ensures: "Each sshCidrs block is listed once.", check: uniqueSshSources },
  {
    name: "renames",
    ensures: "Earlier names of VPCs and of the lab claim no address that another resource has.",
    check: ({ raw, names }) => renameIssues(raw, names),
  },
  {
    name: "cloud-workspace",
    ensures: "An HCP Terraform backend names one workspace or workspace tags.",
    check: ({ raw }) => backendIssues(raw),
  },
  { name: "imported-bucket-name", ensures: "An imported bucket keeps its name.", check: importedBucketName },
  {
    name: "ssh-breadth",
    ensures: "SSH is not open to more than a /8, nor to all of IPv4, unless allowSshFromAnywhere says so.",
    check: ({ raw }) => (raw.allowSshFromAnywhere === true ? [] : sshBreadthIssues(asArray(raw.sshCidrs))),
  },
  { name: "tags", ensures: "Tags follow the rules that hold across AWS services.", check: ({ raw }) => tagIssues(raw.tags) },
];

/**
 * Where VPCs live: each `vpcs[].account` names an account of `accounts`; an S3 gateway endpoint
 * reaches only buckets of its own region, so `s3.endpointVpcs` may name only VPCs in the lab's
 * region (the bucket's); with an Instance Connect Endpoint, SSH comes only through it.
 */
function placementIssues(raw: Raw, vpcs: readonly RawVpc[]): ConfigIssue[] {
  const issues: ConfigIssue[] = [];
  const accounts = isRecord(raw.accounts) ? Object.keys(raw.accounts) : [];
  const regionOf = new Map<string, unknown>();
  for (const [index, vpc] of asArray(raw.vpcs).entries()) {
    if (!isRecord(vpc)) continue;
    if (vpcs[index]?.name !== undefined) regionOf.set(vpcs[index]!.name!, vpc.region ?? raw.region);
    if (typeof vpc.account === "string" && !accounts.includes(vpc.account)) {
      issues.push({
        path: `vpcs[${index}].account`,
        received: formatReceived(vpc.account),
        problem: "expected the name of an account in accounts",
        fix:
          accounts.length > 0
            ? `use one of: ${accounts.join(", ")}, or add it to accounts`
            : 'add it to accounts, e.g. "accounts": { "shared": { "roleArn": "arn:aws:iam::210987654321:role/vpc-lab-terraform" } }',
      });
    }
  }
  const s3 = raw.s3;
  if (isRecord(s3) && typeof raw.region === "string") {
    for (const [index, name] of asArray(s3.endpointVpcs).entries()) {
      const region = typeof name === "string" ? regionOf.get(name) : undefined;
      if (typeof region === "string" && region !== raw.region) {
        issues.push({
          path: `s3.endpointVpcs[${index}]`,
          received: formatReceived(name),
          problem: `expected a VPC in the bucket's region ${raw.region}: an S3 gateway endpoint reaches only buckets in its own region, and ${String(name)} is in ${region}`,
          fix: `remove it (from ${region} the bucket is reached over the internet, which the endpoint-only bucket policy denies)`,
        });
      }
    }
  }
  // `"all"` (the default) selects the VPCs in the bucket's region; with none there the bucket
  // policy would admit no endpoint at all and lock every instance out.
  const selection = isRecord(s3) ? s3.endpointVpcs : undefined;
  const regions = [...regionOf.values()];
  if (
    s3 !== false &&
    (s3 === undefined || isRecord(s3)) &&
    (selection === undefined || selection === "all") &&
    typeof raw.region === "string" &&
    regions.length > 0 &&
    regions.every((region) => typeof region === "string" && region !== raw.region)
  ) {
    issues.push({
      path: isRecord(s3) && selection !== undefined ? "s3.endpointVpcs" : "region",
      received: formatReceived(isRecord(s3) && selection !== undefined ? selection : raw.region),
      problem: `expected at least one VPC in the bucket's region ${raw.region}: the bucket admits only S3 gateway endpoints, an endpoint reaches only buckets in its own region, and every VPC is elsewhere (${[...new Set(regions)].join(", ")})`,
      fix: `give a VPC "region": "${raw.region}", set the lab's "region" to ${JSON.stringify(regions[0])}, or set "s3": false`,
    });
  }
  if (raw.instanceConnect === "endpoint" && asArray(raw.sshCidrs).length > 0) {
    issues.push({
      path: "sshCidrs",
      received: formatReceived(raw.sshCidrs),
      problem:
        'expected no sshCidrs with "instanceConnect": "endpoint": the instances have no public address, and SSH comes only through the endpoint',
      fix: 'remove sshCidrs (aws ec2-instance-connect ssh --connection-type eice goes through the endpoint), or use "instanceConnect": "public-ip"',
    });
  }
  return issues;
}

/**
 * Earlier names give `moved` blocks from the old addresses: an earlier name that is also a current
 * name, or another VPC's earlier name, would make two resources claim one address.
 */
function renameIssues(raw: Raw, names: ReadonlySet<string>): ConfigIssue[] {
  const issues: ConfigIssue[] = [];
  const claimed = new Map<string, string>();
  for (const [index, vpc] of asArray(raw.vpcs).entries()) {
    if (!isRecord(vpc)) continue;
    for (const [i, previous] of asArray(vpc.previousNames).entries()) {
      if (typeof previous !== "string") continue;
      const path = `vpcs[${index}].previousNames[${i}]`;
      const other = claimed.get(previous);
      if (names.has(previous) || other !== undefined) {
        issues.push({
          path,
          received: formatReceived(previous),
          problem: names.has(previous)
            ? "expected a name no VPC has now: its resources' addresses belong to that VPC"
            : `expected a name of this VPC's past, but ${other} lists it too`,
          fix: "remove it, or correct it to the name this VPC had",
        });
      } else {
        claimed.set(previous, path);
      }
    }
  }
  for (const [i, previous] of asArray(raw.previousNames).entries()) {
    if (typeof previous !== "string") continue;
    if (previous === raw.name || !/^[a-z][a-z0-9]*(-[a-z0-9]+)*$/.test(previous) || previous.length > 24) {
      issues.push({
        path: `previousNames[${i}]`,
        received: formatReceived(previous),
        problem:
          previous === raw.name
            ? "expected an earlier name, not the current one"
            : "expected a lab name as name takes it: lowercase letters, digits and single hyphens, at most 24 characters",
        fix: "write the name the lab had before",
      });
    }
  }
  return issues;
}

/** An HCP Terraform backend names one workspace, or the tags of several: exactly one of the two. */
function backendIssues(raw: Raw): ConfigIssue[] {
  const backend = raw.backend;
  if (!isRecord(backend) || backend.type !== "cloud") return [];
  const given = ["workspace", "workspaceTags"].filter((field) => backend[field] !== undefined);
  if (given.length === 1) return [];
  return [
    {
      path: "backend",
      received: formatReceived(backend),
      problem:
        given.length === 0
          ? "expected a workspace (one workspace by name) or workspaceTags (workspaces chosen by tag)"
          : "expected either workspace or workspaceTags, not both",
      fix: 'write e.g. "workspace": "vpc-lab"',
    },
  ];
}

/**
 * SSH sources judged by what they cover, not by how they are spelt: one entry broader than a /8,
 * or entries whose union is all of IPv4 (`0.0.0.0/1` + `128.0.0.0/1`), open SSH to the internet.
 */
function sshBreadthIssues(cidrs: readonly unknown[]): ConfigIssue[] {
  const issues: ConfigIssue[] = [];
  const blocks: Ipv4Block[] = [];
  for (const [index, cidr] of cidrs.entries()) {
    const block = typeof cidr === "string" ? parseIpv4Cidr(cidr) : undefined;
    if (!block) continue;
    blocks.push(block);
    if (isTooBroadForSsh(block)) {
      issues.push({
        path: `sshCidrs[${index}]`,
        received: formatReceived(cidr),
        problem:
          block.prefix === 0
            ? "expected your own address range: 0.0.0.0/0 opens SSH to the whole internet"
            : `expected your own address range: a /${block.prefix} opens SSH to ${describeSshBreadth(block)} of the internet (the broadest accepted without confirmation is a /${BROADEST_QUIET_SSH_PREFIX})`,
        fix: 'use your public address as x.x.x.x/32, or set "allowSshFromAnywhere": true if you mean it',
      });
    }
  }
  if (sshSourcesCoverAllOfIpv4(blocks)) {
    issues.push({
      path: "sshCidrs",
      received: formatReceived(cidrs),
      problem: "expected your own address ranges: together these blocks cover all of IPv4, which opens SSH to the whole internet",
      fix: 'use your public address as x.x.x.x/32, or set "allowSshFromAnywhere": true if you mean it',
    });
  }
  return issues;
}

/**
 * Tags by AWS's rules (src/aws/tags.ts). Read from the raw document, so that every legal key
 * (`__proto__` included) is checked and kept.
 */
function tagIssues(tags: unknown): ConfigIssue[] {
  if (!isRecord(tags)) return [];
  return Object.entries(tags).flatMap(([key, value]) => {
    if (typeof value !== "string") return [];
    const bad = tagProblem(key, value);
    return bad === undefined
      ? []
      : [
          {
            path: formatPath(["tags", key]),
            received: formatReceived(value),
            problem: `expected a valid AWS tag: ${bad}`,
            fix: "rename or shorten the tag",
          },
        ];
  });
}

/**
 * Expectations checked against the lab: each end names what the protocol needs (icmp: an
 * instance's VPC to another; ssh: instance-connect to an instance's VPC; s3: an instance's VPC to
 * the bucket, when the lab has one), and each path is stated once.
 */
function expectationIssues(raw: Raw, names: ReadonlySet<string>): ConfigIssue[] {
  const issues: ConfigIssue[] = [];
  const withInstance = new Set(
    asArray(raw.vpcs).flatMap((vpc) => (isRecord(vpc) && typeof vpc.name === "string" && vpc.instance !== false ? [vpc.name] : [])),
  );
  const withInstanceList = [...withInstance].join(", ") || "none (no VPC has an instance)";
  const seen = new Map<string, number>();
  for (const [index, expectation] of asArray(raw.expect).entries()) {
    if (!isRecord(expectation)) continue;
    const { protocol, from, to } = expectation;
    const ends = {
      from: protocol === "ssh" ? ["instance-connect"] : [...withInstance],
      to: protocol === "s3" ? ["s3"] : [...withInstance],
    };
    let valid = typeof protocol === "string";
    for (const end of ["from", "to"] as const) {
      const value = expectation[end];
      if (typeof value !== "string" || ends[end].includes(value)) continue;
      valid = false;
      const isVpcWithoutInstance = names.has(value) && !withInstance.has(value) && !(protocol === "ssh" && end === "from");
      issues.push({
        path: `expect[${index}].${end}`,
        received: formatReceived(value),
        problem: isVpcWithoutInstance
          ? `expected a VPC with an instance: ${value} has none ("instance": false), so no path starts or ends there`
          : `expected ${end === "from" ? "a source" : "a destination"} for protocol ${formatReceived(protocol)} (icmp: VPC -> VPC, ssh: instance-connect -> VPC, s3: VPC -> s3)`,
        fix: `use one of: ${ends[end].length > 0 ? ends[end].join(", ") : withInstanceList}`,
      });
    }
    if (protocol === "icmp" && typeof from === "string" && from === to) {
      valid = false;
      issues.push({
        path: `expect[${index}]`,
        received: formatReceived(expectation),
        problem: "expected two different VPCs: a path from an instance to itself never leaves it, so there is nothing to prove",
        fix: "name another VPC in to, or remove this expectation",
      });
    }
    if (protocol === "s3" && raw.s3 === false) {
      valid = false;
      issues.push({
        path: `expect[${index}].protocol`,
        received: formatReceived(protocol),
        problem: 'expected a lab with a bucket: "s3": false leaves the bucket out, so there is no S3 path to prove',
        fix: 'remove this expectation, or turn s3 back on (remove "s3": false)',
      });
    }
    if (!valid || typeof from !== "string" || typeof to !== "string") continue;
    const key = `${String(protocol)} ${from} ${to}`;
    const first = seen.get(key);
    if (first === undefined) seen.set(key, index);
    else
      issues.push({
        path: `expect[${index}]`,
        received: formatReceived(expectation),
        problem: `expected one entry per path, but expect[${first}] already states ${String(protocol)} ${from} -> ${to}`,
        fix: "keep one of the two entries",
      });
  }
  return issues;
}

/** A `vpcs`-style selection ("all" or names) must name known VPCs. */
function selectionIssues(raw: Raw, [section, field]: [string, string], names: ReadonlySet<string>, known: string): ConfigIssue[] {
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
