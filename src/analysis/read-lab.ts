import { instanceAddress, LAB_BUCKET_NAME, vpcAddress } from "../model/lab-contract";
import type { LabIntent } from "./intent";
import type {
  BucketReading,
  EndpointReading,
  InstanceReading,
  LabBucketReading,
  LabReading,
  PeeringReading,
  ResourceContext,
  SubnetReading,
  VpcReading,
} from "./lab-reading";
import { NetworkModel } from "./network-model";
import type { ProviderContext } from "./provider-contexts";
import { bucketTarget } from "./bucket-target";
import { componentOwners } from "./component-owners";
import type { TerraformJson } from "./terraform-json";
import { addressOf, TerraformDocument } from "./terraform-json";

const text = (value: unknown): string | undefined => (typeof value === "string" ? value : undefined);

/** A provider context without the symbolic account the policies compare (the reading's public shape). */
function publicContext(context: ProviderContext): ResourceContext {
  const { alias, provider, region, accountId, accountKey, ownAccount } = context;
  return {
    alias,
    ...(provider === undefined ? {} : { provider }),
    ...(region === undefined ? {} : { region }),
    ...(accountId === undefined ? {} : { accountId }),
    accountKey,
    ownAccount,
  };
}

/**
 * Reads a synthesized stack once: the network model (with the intent's account, Instance Connect
 * prefix list ids and provider contexts), where each resource is built, and the lab's VPCs,
 * subnets, instances (with their roles), endpoints, peerings and bucket, and which of those parts
 * holds each component. A pure function of the JSON and the intent; the parts and their owners are
 * read lazily, once, where only the picture needs them (the analysis reads the network and the
 * bucket).
 */
export function readLab(json: TerraformJson, intent: LabIntent): LabReading {
  const doc = new TerraformDocument(json);
  const network = new NetworkModel(doc, {
    accountId: intent.accountId,
    instanceConnectPrefixListIds: intent.instanceConnectPrefixListIds,
    contexts: intent.contexts,
  });
  const contexts = new Map([...network.values.contexts].map(([alias, context]) => [alias, publicContext(context)]));
  const contextOf = (address: string): ResourceContext =>
    contexts.get(network.values.contextOf(doc.get(address)?.body).alias) ?? contexts.get("")!;

  const instances = new Map<string, InstanceReading>();
  for (const node of network.instances.values()) {
    const role = addressOf(doc.get(node.instanceProfile)?.body.role);
    instances.set(node.address, { ...node, instanceType: text(doc.get(node.address)?.body.instance_type), ...(role ? { role } : {}) });
  }
  const byVpcName = new Map<string, InstanceReading | undefined>();
  const instanceOf = (vpcName: string): InstanceReading | undefined => {
    if (!byVpcName.has(vpcName)) {
      const inVpc = network.instancesByVpc.get(vpcAddress(vpcName));
      const node = inVpc?.find((i) => i.address === instanceAddress(vpcName)) ?? inVpc?.[0];
      byVpcName.set(vpcName, node ? instances.get(node.address) : undefined);
    }
    return byVpcName.get(vpcName);
  };

  const buckets: BucketReading[] = doc.resources("aws_s3_bucket").map((b) => ({
    address: b.address,
    name: text(b.body.bucket) ?? (typeof b.body.bucket_prefix === "string" ? `${b.body.bucket_prefix}…` : undefined),
  }));
  // The lab's bucket, by one rule: the one named `lab`, else the only one.
  const labBucket = buckets.find((b) => doc.get(b.address)?.name === LAB_BUCKET_NAME) ?? (buckets.length === 1 ? buckets[0] : undefined);
  const bucket: LabBucketReading | undefined = labBucket && { ...labBucket, ...bucketTarget(network, labBucket.address) };

  let vpcs: VpcReading[] | undefined;
  let peerings: PeeringReading[] | undefined;
  let owners: ((address: string) => string | undefined) | undefined;
  const reading: LabReading = {
    network,
    contexts,
    contextOf,
    instanceOf,
    buckets,
    bucket,
    get vpcs() {
      vpcs ??= readVpcs(network, instances, contextOf, instanceOf);
      return vpcs;
    },
    get peerings() {
      peerings ??= readPeerings(network);
      return peerings;
    },
    ownerOf(address: string) {
      owners ??= componentOwners(network, reading.vpcs, reading.peerings, buckets);
      return owners(address);
    },
  };
  return reading;
}

function readVpcs(
  network: NetworkModel,
  instances: ReadonlyMap<string, InstanceReading>,
  contextOf: (address: string) => ResourceContext,
  instanceOf: (vpcName: string) => InstanceReading | undefined,
): VpcReading[] {
  const doc = network.doc;
  const connectEndpoints = doc.resources("aws_ec2_instance_connect_endpoint");
  const subnetsByVpc = new Map<string, SubnetReading[]>();
  for (const [address, subnet] of network.subnets) {
    if (!subnet.vpc) continue;
    const table = network.routeTableOf(address);
    const reading: SubnetReading = {
      address,
      cidr: subnet.cidr ? `${subnet.cidr.address.toString()}/${subnet.cidr.prefix}` : text(doc.get(address)?.body.cidr_block),
      isPublic: table.routes.some((r) => r.target.kind === "internet-gateway" && r.destination?.prefix === 0),
      routeTable: table.address,
      instances: [...instances.values()].filter((i) => i.subnet === address),
      instanceConnectEndpoints: connectEndpoints.filter((e) => addressOf(e.body.subnet_id) === address).map((e) => e.address),
    };
    subnetsByVpc.set(subnet.vpc, [...(subnetsByVpc.get(subnet.vpc) ?? []), reading]);
  }
  const endpointsByVpc = new Map<string, EndpointReading[]>();
  for (const endpoint of network.endpoints.values()) {
    if (!endpoint.vpc) continue;
    endpointsByVpc.set(endpoint.vpc, [
      ...(endpointsByVpc.get(endpoint.vpc) ?? []),
      {
        address: endpoint.address,
        service: endpoint.serviceName.split(".").pop() ?? endpoint.serviceName,
        serviceName: endpoint.serviceName,
        type: endpoint.type,
      },
    ]);
  }
  const logGroupName = (value: unknown): string | undefined => {
    const group = doc.deref(value);
    return group ? (text(group.body.name) ?? group.address) : text(value);
  };
  const flowLogs = doc.resources("aws_flow_log");
  return naturalOrder(doc.resources("aws_vpc"), (vpc) => vpc.name).map((vpc): VpcReading => {
    const cidr = network.vpcCidrs.get(vpc.address);
    const instance = instanceOf(vpc.name);
    return {
      address: vpc.address,
      name: vpc.name,
      cidr: cidr ? `${cidr.address.toString()}/${cidr.prefix}` : text(vpc.body.cidr_block),
      context: contextOf(vpc.address),
      internetGateways: network.internetGateways.get(vpc.address) ?? [],
      subnets: subnetsByVpc.get(vpc.address) ?? [],
      endpoints: endpointsByVpc.get(vpc.address) ?? [],
      flowLogs: flowLogs
        .filter((f) => addressOf(f.body.vpc_id) === vpc.address)
        .map((f) => ({ address: f.address, logGroup: logGroupName(f.body.log_destination ?? f.body.log_group_name) })),
      ...(instance ? { instance } : {}),
    };
  });
}

function readPeerings(network: NetworkModel): PeeringReading[] {
  const routesByPeering = new Map<string, { address: string; vpc?: string; destination: string }[]>();
  for (const table of network.uniqueRouteTables())
    for (const route of table.routes)
      if (route.target.kind === "peering") {
        const destination = route.destination
          ? `${route.destination.address.toString()}/${route.destination.prefix}`
          : (route.destinationUnresolved ?? "?");
        routesByPeering.set(route.target.address, [
          ...(routesByPeering.get(route.target.address) ?? []),
          { address: route.address, vpc: table.vpc, destination },
        ]);
      }
  return [...network.peerings.values()].map((pcx) => ({
    address: pcx.address,
    requester: pcx.requester,
    accepter: pcx.accepter,
    accepted: pcx.accepted,
    acceptedElsewhere: pcx.acceptedElsewhere,
    routes: (routesByPeering.get(pcx.address) ?? []).sort((a, b) => a.address.localeCompare(b.address)),
  }));
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
