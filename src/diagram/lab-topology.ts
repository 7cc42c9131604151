import type { PathVerdict, StackAnalysis } from "../analysis/analyze-stack";
import { PATH_CODES } from "../analysis/explanation-codes";
import type { Finding } from "../analysis/finding";
import type { LabIntent, PathProtocol } from "../analysis/intent";
import { NetworkModel } from "../analysis/network-model";
import type { Verdict } from "../analysis/path-steps";
import type { AddressedBlock, TerraformJson } from "../analysis/terraform-json";
import { addressOf, parseReference, TerraformDocument } from "../analysis/terraform-json";
import { instanceAddress, vpcAddress } from "../model/lab-contract";
import { fixFor } from "./blocker-fixes";

/** An EC2 instance as drawn: its name, type and how it gets a public address. */
export interface InstanceView {
  readonly address: string;
  readonly instanceType?: string;
  /** The Elastic IP's address (`aws_eip.vpc1`), "launch" for a launch-time public IP, or undefined for none. */
  readonly publicAddress?: string;
}

/** A subnet with the instances and Instance Connect Endpoints in it. */
export interface SubnetView {
  readonly address: string;
  readonly cidr?: string;
  /** Its route table sends 0.0.0.0/0 to an internet gateway. */
  readonly isPublic: boolean;
  readonly instances: readonly InstanceView[];
  readonly instanceConnectEndpoints: readonly string[];
}

/** A VPC with what it holds, and where it lives. */
export interface VpcView {
  readonly address: string;
  /** The configured name (`vpc1` for `aws_vpc.vpc1`). */
  readonly name: string;
  readonly cidr?: string;
  /** From the AWS provider the VPC is created with. */
  readonly region?: string;
  /** From that provider's allowed account or assumed role, else the intent's account (when the provider assumes no role). */
  readonly account?: string;
  /** Tells accounts apart when their numbers are not known (see {@link VpcGroup}). */
  readonly accountKey: string;
  /** The provider alias it is built through, when its account is neither named nor Terraform's own. */
  readonly provider?: string;
  readonly internetGateways: readonly string[];
  readonly subnets: readonly SubnetView[];
  /** Gateway and interface endpoints, with the service they reach. */
  readonly endpoints: readonly { readonly address: string; readonly service: string }[];
  /** Flow logs, with the log group each writes to. */
  readonly flowLogs: readonly { readonly address: string; readonly logGroup?: string }[];
}

/** A peering connection and the routes that carry traffic over it. */
export interface PeeringView {
  readonly address: string;
  readonly requester?: string;
  readonly accepter?: string;
  readonly accepted: boolean;
  readonly routes: readonly { readonly address: string; readonly vpc?: string; readonly destination: string }[];
}

/** An intended path with its verdict, and what to show about it. */
export interface PathView {
  /** Element id in the picture (`path:icmp:vpc1:vpc2`). */
  readonly id: string;
  readonly protocol: PathProtocol;
  /** "ping vpc1 -> vpc2". */
  readonly title: string;
  readonly from: string;
  readonly to: string;
  /** Ids of the elements the path runs between. */
  readonly fromElement: string;
  readonly toElement: string;
  readonly intendedReachable: boolean;
  readonly verdict: Verdict;
  readonly asIntended: boolean;
  readonly reason: string;
  readonly hops: readonly string[];
  readonly blocker?: {
    readonly component: string;
    readonly code: string;
    readonly codeText?: string;
    readonly explanation: string;
    readonly fix: string;
    /** Id of the drawn element that holds the blocking component, when one does. */
    readonly element?: string;
  };
}

/** VPCs that share a region and account: drawn as one cluster. */
export interface VpcGroup {
  readonly key: string;
  readonly region?: string;
  readonly account?: string;
  /** The provider alias, when the account is not known from the JSON. */
  readonly provider?: string;
  readonly vpcs: readonly string[];
}

/** Everything the diagram draws, read from the synthesized Terraform, the intent and the analysis. */
export interface LabTopology {
  readonly stack: string;
  readonly vpcs: readonly VpcView[];
  readonly groups: readonly VpcGroup[];
  readonly peerings: readonly PeeringView[];
  readonly buckets: readonly { readonly address: string; readonly name?: string }[];
  readonly paths: readonly PathView[];
  readonly findings: readonly (Finding & { readonly element?: string })[];
}

/** The element id of a resource in the picture: `res:aws_vpc.vpc1`. */
export const resourceElementId = (address: string): string => `res:${address}`;
/** The element id of the EC2 Instance Connect service (where ssh paths start). */
export const INSTANCE_CONNECT_ELEMENT = "svc:instance-connect";
/** The element id used for a path's end that does not exist in the Terraform. */
export const MISSING_ELEMENT = "svc:missing";

const PROTOCOL_NAMES: Record<PathProtocol, string> = { icmp: "ping", ssh: "ssh", s3: "s3" };
const nameOf = (address: string): string => address.slice(address.indexOf(".") + 1);

/**
 * Reads the lab's topology and its proven paths. A pure function of the synthesized Terraform
 * JSON, the intent written beside it and the analysis of both: what is drawn is what will be
 * deployed, never what the constructs meant to build.
 */
export function buildLabTopology(json: TerraformJson, intent: LabIntent, analysis: StackAnalysis): LabTopology {
  const doc = new TerraformDocument(json);
  const model = new NetworkModel(doc, { accountId: intent.accountId, instanceConnectPrefixListIds: intent.instanceConnectPrefixListIds });
  const providers = readProviders(json, intent);
  const instanceTypes = new Map(doc.resources("aws_instance").map((i) => [i.address, stringOrUndefined(i.body.instance_type)]));
  const connectEndpoints = doc.resources("aws_ec2_instance_connect_endpoint");

  const subnetsByVpc = new Map<string, SubnetView[]>();
  for (const [address, subnet] of model.subnets) {
    if (!subnet.vpc) continue;
    const table = model.routeTableOf(address);
    const view: SubnetView = {
      address,
      cidr: subnet.cidr ? `${subnet.cidr.address.toString()}/${subnet.cidr.prefix}` : stringOrUndefined(doc.get(address)?.body.cidr_block),
      isPublic: table.routes.some((r) => r.target.kind === "internet-gateway" && r.destination?.prefix === 0),
      instances: [...model.instances.values()]
        .filter((i) => i.subnet === address)
        .map((i) => ({ address: i.address, instanceType: instanceTypes.get(i.address), publicAddress: i.publicAddress })),
      instanceConnectEndpoints: connectEndpoints.filter((e) => addressOf(e.body.subnet_id) === address).map((e) => e.address),
    };
    subnetsByVpc.set(subnet.vpc, [...(subnetsByVpc.get(subnet.vpc) ?? []), view]);
  }
  const logGroupName = (value: unknown): string | undefined => {
    const group = doc.deref(value);
    return group ? (stringOrUndefined(group.body.name) ?? group.address) : stringOrUndefined(value);
  };
  const vpcs: VpcView[] = naturalOrder(doc.resources("aws_vpc"), (vpc) => vpc.name).map((vpc) => {
    const provider = providers.of(vpc);
    const cidr = model.vpcCidrs.get(vpc.address);
    return {
      address: vpc.address,
      name: vpc.name,
      cidr: cidr ? `${cidr.address.toString()}/${cidr.prefix}` : stringOrUndefined(vpc.body.cidr_block),
      region: provider.region,
      account: provider.account,
      accountKey: provider.accountKey,
      provider: provider.provider,
      internetGateways: model.internetGateways.get(vpc.address) ?? [],
      subnets: subnetsByVpc.get(vpc.address) ?? [],
      endpoints: [...model.endpoints.values()]
        .filter((e) => e.vpc === vpc.address)
        .map((e) => ({ address: e.address, service: e.serviceName.split(".").pop() ?? e.serviceName })),
      flowLogs: doc
        .resources("aws_flow_log")
        .filter((f) => addressOf(f.body.vpc_id) === vpc.address)
        .map((f) => ({ address: f.address, logGroup: logGroupName(f.body.log_destination ?? f.body.log_group_name) })),
    };
  });

  const routesByPeering = new Map<string, { address: string; vpc?: string; destination: string }[]>();
  for (const table of model.uniqueRouteTables())
    for (const route of table.routes)
      if (route.target.kind === "peering") {
        const destination = route.destination
          ? `${route.destination.address.toString()}/${route.destination.prefix}`
          : (route.destinationUnresolved ?? "?");
        const routes = routesByPeering.get(route.target.address) ?? [];
        routes.push({ address: route.address, vpc: table.vpc, destination });
        routesByPeering.set(route.target.address, routes);
      }
  const peerings: PeeringView[] = [...model.peerings.values()].map((pcx) => ({
    address: pcx.address,
    requester: pcx.requester,
    accepter: pcx.accepter,
    accepted: pcx.accepted || pcx.acceptedElsewhere,
    routes: (routesByPeering.get(pcx.address) ?? []).sort((a, b) => a.address.localeCompare(b.address)),
  }));

  const buckets = doc.resources("aws_s3_bucket").map((b) => ({
    address: b.address,
    name: stringOrUndefined(b.body.bucket) ?? (typeof b.body.bucket_prefix === "string" ? `${b.body.bucket_prefix}…` : undefined),
  }));
  const drawn = new Set<string>([
    ...vpcs.flatMap((v) => [
      v.address,
      ...v.internetGateways,
      ...v.endpoints.map((e) => e.address),
      ...v.flowLogs.map((f) => f.address),
      ...v.subnets.flatMap((s) => [s.address, ...s.instances.map((i) => i.address), ...s.instanceConnectEndpoints]),
    ]),
    ...peerings.map((p) => p.address),
    ...buckets.map((b) => b.address),
  ]);
  const locate = elementLocator(doc, model, drawn);
  const bucketElement =
    buckets.length > 0 ? resourceElementId((buckets.find((b) => nameOf(b.address) === "lab") ?? buckets[0]!).address) : MISSING_ELEMENT;
  const instanceElement = (vpcName: string): string => {
    const instances = model.instancesByVpc.get(vpcAddress(vpcName));
    const instance = instances?.find((i) => i.address === instanceAddress(vpcName)) ?? instances?.[0];
    return instance ? resourceElementId(instance.address) : MISSING_ELEMENT;
  };

  // An ssh path through an Instance Connect Endpoint starts at the endpoint, inside the VPC.
  const sshStart = (v: PathVerdict): string => {
    const endpoint = v.hops.find((hop) => hop.startsWith("aws_ec2_instance_connect_endpoint.") && drawn.has(hop));
    return endpoint ? resourceElementId(endpoint) : INSTANCE_CONNECT_ELEMENT;
  };
  const paths = analysis.verdicts.map((v): PathView => pathView(v, instanceElement, bucketElement, sshStart, locate));
  const groups = groupVpcs(vpcs);
  return {
    stack: intent.stack,
    vpcs,
    groups,
    peerings,
    buckets,
    paths,
    findings: analysis.findings.map((f) => ({ ...f, element: locate(f.component) })),
  };
}

function pathView(
  v: PathVerdict,
  instanceElement: (vpcName: string) => string,
  bucketElement: string,
  sshStart: (v: PathVerdict) => string,
  locate: (address: string) => string | undefined,
): PathView {
  const to = v.protocol === "s3" ? "bucket" : v.to;
  const code = v.blocker?.code;
  return {
    id: `path:${v.protocol}:${v.from}:${v.to}`,
    protocol: v.protocol,
    title: `${PROTOCOL_NAMES[v.protocol]} ${v.from} -> ${to}`,
    from: v.from,
    to: v.to,
    fromElement: v.protocol === "ssh" ? sshStart(v) : instanceElement(v.from),
    toElement: v.protocol === "s3" ? bucketElement : instanceElement(v.to),
    intendedReachable: v.reachable,
    // Read the analysis's three-way verdict; an older analysis result only has `actual`.
    verdict: v.verdict ?? (v.actual ? "reachable" : "blocked"),
    asIntended: v.asIntended,
    reason: v.reason,
    hops: v.hops,
    blocker:
      v.blocker && code
        ? {
            component: v.blocker.component,
            code,
            codeText: (PATH_CODES as Record<string, { readonly text: string } | undefined>)[code]?.text,
            explanation: v.blocker.explanation,
            fix: fixFor(code),
            element: locate(v.blocker.component),
          }
        : undefined,
  };
}

/** Fields that lead from a component to the resource it belongs to, most specific first. */
const OWNER_FIELDS = [
  "security_group_id",
  "route_table_id",
  "network_acl_id",
  "subnet_id",
  "instance",
  "instance_id",
  "vpc_endpoint_id",
  "bucket",
  "role",
  "vpc_peering_connection_id",
  "vpc_id",
  "default_route_table_id",
  "default_network_acl_id",
  "default_security_group_id",
];
/** Components that belong to what uses them (a group to its instance, a role to its instance, a key to its bucket). */
const OWNED_BY_USERS = new Set([
  "aws_security_group",
  "aws_iam_role",
  "aws_iam_instance_profile",
  "aws_kms_key",
  "aws_iam_policy_document",
]);

/**
 * Finds the drawn element that holds a component named by the analysis: the element itself, a
 * peering for a route through it, the VPC named in "the main route table of aws_vpc.x", else
 * what the component belongs to (a rule to its group, a group or role to the instance that uses
 * it, a route table to its VPC, a bucket policy or key to its bucket).
 */
function elementLocator(doc: TerraformDocument, model: NetworkModel, drawn: ReadonlySet<string>): (address: string) => string | undefined {
  // Who refers to what: built on the first component that needs it (most labs have few blockers).
  let users: Map<string, string[]> | undefined;
  const usersOf = (address: string): readonly string[] => {
    if (!users) {
      users = new Map();
      for (const [type, blocks] of Object.entries(doc.json.resource ?? {}))
        for (const [name, body] of Object.entries(blocks))
          for (const target of referencesIn(body)) {
            const list = users.get(target) ?? [];
            list.push(`${type}.${name}`);
            users.set(target, list);
          }
    }
    return users.get(address) ?? [];
  };
  const peeringOfRoute = new Map<string, string>();
  for (const table of model.uniqueRouteTables())
    for (const route of table.routes) if (route.target.kind === "peering") peeringOfRoute.set(route.address, route.target.address);
  // Instances first, then what leads to them or to a bucket.
  const rank = (address: string) => (address.startsWith("aws_instance.") ? 0 : address.startsWith("aws_iam_instance_profile.") ? 1 : 2);

  const find = (address: string, visited: Set<string>, depth: number): string | undefined => {
    if (drawn.has(address)) return address;
    if (visited.has(address) || depth > 4) return undefined;
    visited.add(address);
    const block = doc.get(address);
    if (!block) {
      const named = /\b(aws_vpc\.[A-Za-z0-9_-]+)/.exec(address);
      return named && drawn.has(named[1]!) ? named[1] : undefined;
    }
    const peering = peeringOfRoute.get(address);
    if (peering && drawn.has(peering)) return peering;
    const byUsers = () => {
      for (const user of [...usersOf(address)].sort((a, b) => rank(a) - rank(b) || a.localeCompare(b))) {
        const found = find(user, visited, depth + 1);
        if (found) return found;
      }
      return undefined;
    };
    const byOwners = () => {
      for (const field of OWNER_FIELDS) {
        const owner = addressOf(block.body[field]);
        const found = owner && find(owner, visited, depth + 1);
        if (found) return found;
      }
      return undefined;
    };
    return OWNED_BY_USERS.has(block.type) ? (byUsers() ?? byOwners()) : (byOwners() ?? byUsers());
  };
  const cache = new Map<string, string | undefined>();
  return (address: string) => {
    if (!cache.has(address)) cache.set(address, find(address, new Set(), 0));
    const found = cache.get(address);
    return found === undefined ? undefined : resourceElementId(found);
  };
}

/** Every address a block's values refer to, in the order they appear. */
function referencesIn(value: unknown, found: string[] = []): string[] {
  if (typeof value === "string") {
    for (const match of value.matchAll(/\$\{([^}]*)\}/g)) {
      const ref = parseReference(`\${${match[1]}}`);
      if (ref && !found.includes(ref.address)) found.push(ref.address);
    }
  } else if (Array.isArray(value)) for (const item of value) referencesIn(item, found);
  else if (typeof value === "object" && value !== null)
    for (const [key, item] of Object.entries(value)) if (key !== "//" && key !== "depends_on") referencesIn(item, found);
  return found;
}

/** Where a provider builds: its region, and its account (a number when the JSON names it). */
interface ProviderPlace {
  readonly region?: string;
  readonly account?: string;
  /** Tells accounts apart when their numbers are not known: the number, "default", or the provider. */
  readonly accountKey: string;
  /** The provider alias, when its account is neither named nor the default one. */
  readonly provider?: string;
}

/**
 * Region and account of each AWS provider configuration (by alias), for the blocks that use them.
 * The account is the one the provider or the intent's contexts name; else an alias that assumes
 * no role builds in Terraform's own account, and so does one named after its region (issue 13's
 * aliases: an offline preview drops the roles but keeps the names).
 */
function readProviders(json: TerraformJson, intent: LabIntent) {
  const intentAccount = intent.accountId;
  const configs = (json.provider as { aws?: Record<string, unknown>[] } | undefined)?.aws ?? [];
  const numbered = (config: Record<string, unknown>): string | undefined => {
    const allowed =
      Array.isArray(config.allowed_account_ids) && config.allowed_account_ids.length === 1 ? config.allowed_account_ids[0] : undefined;
    const roles = Array.isArray(config.assume_role) ? (config.assume_role as Record<string, unknown>[]) : [];
    return stringOrUndefined(allowed) ?? roles.map((r) => /^arn:[^:]+:iam::(\d{12}):/.exec(String(r.role_arn ?? ""))?.[1]).find(Boolean);
  };
  const defaultConfig = configs.find((c) => typeof c.alias !== "string");
  const defaultAccount = (defaultConfig && numbered(defaultConfig)) ?? intentAccount;
  const ownAccount = { account: defaultAccount, accountKey: defaultAccount ?? "default" };
  const byAlias = new Map<string, ProviderPlace>();
  for (const config of configs) {
    const alias = typeof config.alias === "string" ? config.alias : "";
    const region = stringOrUndefined(config.region);
    // The intent names each alias's account where the configuration does (an offline preview drops the roles).
    const account = numbered(config) ?? intent.contexts?.[alias]?.accountId;
    const assumesRole = Array.isArray(config.assume_role) && config.assume_role.length > 0;
    const place: ProviderPlace = account
      ? { region, account, accountKey: account }
      : alias === "" || (!assumesRole && alias === region)
        ? { region, ...ownAccount }
        : assumesRole || alias !== region
          ? { region, accountKey: `aws.${alias}`, provider: `aws.${alias}` }
          : { region, ...ownAccount };
    byAlias.set(alias, place);
  }
  return {
    of(block: AddressedBlock): ProviderPlace {
      const provider = typeof block.body.provider === "string" ? /^aws\.(.+)$/.exec(block.body.provider)?.[1] : undefined;
      return byAlias.get(provider ?? "") ?? byAlias.get("") ?? ownAccount;
    },
  };
}

/**
 * VPCs grouped by account and region, in the order the VPCs first appear. VPCs built through a
 * provider whose account the JSON does not name (an offline preview of another account) form a
 * group of their own, named after the provider.
 */
function groupVpcs(vpcs: readonly VpcView[]): VpcGroup[] {
  const groups = new Map<string, { region?: string; account?: string; provider?: string; vpcs: string[] }>();
  for (const vpc of vpcs) {
    const key = `${vpc.accountKey}/${vpc.region ?? ""}`;
    const group = groups.get(key) ?? {
      region: vpc.region,
      account: vpc.account,
      provider: vpc.account ? undefined : vpc.provider,
      vpcs: [],
    };
    group.vpcs.push(vpc.address);
    groups.set(key, group);
  }
  return [...groups].map(([key, group]) => ({ key, ...group }));
}

function stringOrUndefined(value: unknown): string | undefined {
  return typeof value === "string" ? value : undefined;
}

/** Sorted by name with digit runs compared as numbers (vpc2 before vpc10), independent of locale. */
function naturalOrder<T>(items: readonly T[], nameOfItem: (item: T) => string): T[] {
  const key = (name: string) =>
    name
      .split(/(\d+)/)
      .map((part, i) => (i % 2 === 1 ? part.padStart(12, "0") : part))
      .join("");
  return [...items].sort((a, b) => {
    const [x, y] = [key(nameOfItem(a)), key(nameOfItem(b))];
    return x < y ? -1 : x > y ? 1 : 0;
  });
}
