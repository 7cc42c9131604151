import type {
  ContextOfflineValues,
  LabAccount,
  LabBucketModel,
  LabContext,
  LabFlowLogs,
  LabModel,
  LabPeeringModel,
  LabVpcModel,
  TerraformPrincipal,
  ZonePlacement,
  AmiPlacement,
} from "../model/lab-model";
import { defaultOfflineTerraformPrincipalArn } from "../model/lab-contract";
import { stateLocationOf } from "./backend";
import { contextAliasOf } from "./contexts";
import { architectureOf } from "./instance-architecture";
import { loadLabConfigs, parseLabConfigs } from "./load-config";
import type { LabConfig, ResolvedVpcConfig } from "./schema";

/** Options of {@link resolveLab}. */
export interface ResolveOptions {
  /**
   * Resolve the lab as deployed, whatever `offline` says: every lookup goes to AWS (or to an
   * emulator that answers them, as in a rehearsal). @default false
   */
  readonly online?: boolean;
}

/**
 * Loads, validates and resolves the configuration named by `LAB_CONFIG` (or the embedded default):
 * one {@link LabModel} per stack. Throws one `ConfigError` that lists every problem.
 */
export function loadLabs(env: NodeJS.ProcessEnv = process.env, options: ResolveOptions = {}): LabModel[] {
  return loadLabConfigs(env).map((config) => resolveLab(config, options));
}

/** {@link loadLabs} for a configuration document given in code (overrides of the default lab). */
export function parseLabs(overrides: unknown, source: string, options: ResolveOptions = {}): LabModel[] {
  return parseLabConfigs(overrides, source).map((config) => resolveLab(config, options));
}

/**
 * The lab model of one validated stack configuration: the only place where `"all"`, peers,
 * contexts, per-context offline values, placement and principals are worked out.
 */
export function resolveLab(config: LabConfig, options: ResolveOptions = {}): LabModel {
  return resolveGeneration(options.online === true ? { ...config, offline: false } : config, true);
}

function resolveGeneration(config: LabConfig, withGenerations: boolean): LabModel {
  const home: LabContext = {
    alias: undefined,
    region: config.region,
    account: undefined,
    accountId: config.offline ? config.offlineValues.accountId : undefined,
    offline: config.offline ? offlineValuesFor(config, undefined, undefined) : null,
  };
  const contexts = new Map<string, LabContext>();
  const contextOf = (vpc: ResolvedVpcConfig): LabContext => {
    const alias = contextAliasOf(vpc, config.region);
    if (alias === undefined) return home;
    let context = contexts.get(alias);
    if (context === undefined) {
      const account = accountNamed(config, vpc.account);
      context = {
        alias,
        region: vpc.region,
        account,
        accountId: account?.accountId ?? home.accountId,
        offline: config.offline ? offlineValuesFor(config, vpc.region, account) : null,
      };
      contexts.set(alias, context);
    }
    return context;
  };

  const peers = new Map<string, string[]>(config.vpcs.map((vpc) => [vpc.name, []]));
  const peerings: LabPeeringModel[] = config.peerings.map(({ requester, accepter, import: importId }) => {
    peers.get(requester)?.push(accepter);
    peers.get(accepter)?.push(requester);
    return { requester, accepter, key: `${requester}_${accepter}`, import: importId };
  });

  const vpcs = new Map<string, LabVpcModel>();
  for (const vpc of config.vpcs) {
    const context = contextOf(vpc);
    vpcs.set(vpc.name, {
      name: vpc.name,
      physicalName: vpc.physicalName,
      previousNames: vpc.previousNames,
      cidr: vpc.cidr,
      publicSubnetCidr: vpc.publicSubnetCidr,
      context,
      zone: zoneOf(vpc, config.offline),
      instance:
        vpc.instance === false
          ? null
          : { type: vpc.instance.type, architecture: architectureOf(vpc.instance.type), ami: amiOf(vpc.instance, context) },
      peers: peers.get(vpc.name) ?? [],
      import: vpc.import,
    });
  }
  const allNames = [...vpcs.keys()];
  const expand = (selection: "all" | readonly string[]) => (selection === "all" ? allNames : [...new Set(selection)]);

  const flowLogs: LabFlowLogs | null =
    config.flowLogs === false
      ? null
      : {
          vpcs: expand(config.flowLogs.vpcs),
          trafficType: config.flowLogs.trafficType,
          retentionDays: config.flowLogs.retentionDays,
          maxAggregationInterval: config.flowLogs.maxAggregationInterval,
          logFormat: config.flowLogs.logFormat,
        };

  let bucket: LabBucketModel | null = null;
  if (config.s3 !== false) {
    const s3 = config.s3;
    const endpointVpcs = expand(s3.endpointVpcs);
    const terraform: TerraformPrincipal = config.offline
      ? {
          source: "offline",
          arn: config.offlineValues.terraformPrincipalArn ?? defaultOfflineTerraformPrincipalArn(config.offlineValues.accountId),
        }
      : { source: "session" };
    bucket = {
      context: home,
      bucketName: s3.bucketName,
      importBucket: s3.import?.bucket,
      forceDestroy: s3.forceDestroy,
      testObject: s3.testObject,
      endpointVpcs,
      endpointPolicy: s3.endpointPolicy,
      principals: {
        terraform,
        admins: s3.adminPrincipalArns,
        // Another account's role reaches the bucket only when the bucket policy allows it too.
        otherAccountInstanceRoles: endpointVpcs.filter((name) => {
          const vpc = vpcs.get(name);
          return vpc !== undefined && vpc.instance !== null && vpc.context.account !== undefined;
        }),
      },
    };
  }

  return {
    name: config.name,
    physicalName: config.physicalName,
    environment: config.environment,
    offline: config.offline,
    tags: config.tags,
    backend: config.backend,
    stateLocation: stateLocationOf(config),
    home,
    contexts,
    vpcs,
    peerings,
    instanceConnect: { mode: config.instanceConnect, sshCidrs: config.sshCidrs },
    flowLogs,
    bucket,
    expectations: config.expect,
    strict: config.analysis.strict,
    generations: withGenerations ? generationsOf(config) : [],
  };
}

/** An account of `accounts` by name (a Map lookup: an account named `constructor` is a name like any other). */
function accountNamed(config: LabConfig, name: string | undefined): LabAccount | undefined {
  if (name === undefined) return undefined;
  const account = new Map(Object.entries(config.accounts)).get(name);
  if (account === undefined) throw new Error(`resolveLab: no account named "${name}" (configuration was not validated?)`);
  return { name, roleArn: account.roleArn, accountId: account.accountId };
}

/**
 * Offline values of a context: for a context other than the lab's own, its region's values
 * (`offlineValues.regions`) over the lab's, and another account's id; for the lab's own context
 * (`region` undefined), the lab's values.
 */
function offlineValuesFor(config: LabConfig, region: string | undefined, account: LabAccount | undefined): ContextOfflineValues {
  const offline = config.offlineValues;
  const regional = region === undefined ? undefined : new Map(Object.entries(offline.regions)).get(region);
  return {
    accountId: account?.accountId ?? offline.accountId,
    instanceConnectPrefixListId: regional?.instanceConnectPrefixListId ?? offline.instanceConnectPrefixListId,
    amiIds: { x86_64: regional?.amiIds.x86_64 ?? offline.amiIds.x86_64, arm64: regional?.amiIds.arm64 ?? offline.amiIds.arm64 },
  };
}

/** A configured zone; else, online with an instance, the first zone offering its type; else `<region>a`. */
function zoneOf(vpc: ResolvedVpcConfig, offline: boolean): ZonePlacement {
  if (vpc.availabilityZone !== undefined) return { source: "configured", zone: vpc.availabilityZone };
  if (vpc.instance !== false && !offline) return { source: "lookup", instanceType: vpc.instance.type };
  return { source: "default", zone: `${vpc.region}a` };
}

function amiOf(instance: { type: string; amiId?: string }, context: LabContext): AmiPlacement {
  if (instance.amiId !== undefined) return { source: "configured", amiId: instance.amiId };
  const architecture = architectureOf(instance.type);
  if (context.offline !== null) return { source: "offline", amiId: context.offline.amiIds[architecture], architecture };
  return { source: "latest", architecture };
}

/** The lab as named in each earlier generation of VPC names (the last generation is today's, not included). */
function generationsOf(config: LabConfig): LabModel[] {
  const count = Math.max(0, ...config.vpcs.map((vpc) => vpc.previousNames.length));
  return Array.from({ length: count }, (_, generation) => resolveGeneration(namedAt(config, generation), false));
}

/** The configuration with each VPC named as it was in a generation (its first name is generation 0). */
function namedAt(config: LabConfig, generation: number): LabConfig {
  const names = new Map(config.vpcs.map((vpc) => [vpc.name, vpc.previousNames[generation] ?? vpc.name]));
  const rename = (name: string) => names.get(name) ?? name;
  const selection = (value: "all" | string[]) => (value === "all" ? value : value.map(rename));
  return {
    ...config,
    vpcs: config.vpcs.map((vpc) => ({ ...vpc, name: rename(vpc.name) })),
    peerings: config.peerings.map((peering) => ({ ...peering, requester: rename(peering.requester), accepter: rename(peering.accepter) })),
    flowLogs: config.flowLogs === false ? false : { ...config.flowLogs, vpcs: selection(config.flowLogs.vpcs) },
    s3: config.s3 === false ? false : { ...config.s3, endpointVpcs: selection(config.s3.endpointVpcs) },
    expect: [],
  };
}
