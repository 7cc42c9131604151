import { readFileSync, writeFileSync } from "node:fs";
import { dirname } from "node:path";
import { resolveLab } from "../config/resolve-lab";
import type { LabConfig } from "../config/schema";
import type { LabModel } from "../model/lab-model";
import { synthesizeLab } from "../synth/synthesize-lab";
import type { AppliedAdaptation, RehearsalJson } from "./emulator-adaptations";
import { adaptForEmulator } from "./emulator-adaptations";
import { EMULATOR_CREDENTIALS } from "./emulator";

/**
 * Which provider endpoint serves each resource and data source type the lab uses (`null`: the
 * provider computes it locally). A type missing here stops the rehearsal: every call must reach
 * the emulator, never AWS.
 */
const SERVICE_OF_TYPE: readonly (readonly [RegExp, string | null])[] = [
  [/^aws_(partition|region|iam_policy_document)$/, null],
  [/^aws_caller_identity$/, "sts"],
  [/^aws_iam_/, "iam"],
  [/^aws_s3_/, "s3"],
  [/^aws_(cloudwatch_log_group|cloudwatch_query_definition)$/, "logs"],
  [/^aws_ssm_/, "ssm"],
  [
    /^aws_(vpc|vpc_.+|subnet|route|route_table|route_table_association|internet_gateway|eip|instance|security_group|default_security_group|flow_log|ec2_.+|network_acl|default_network_acl|default_route_table)$/,
    "ec2",
  ],
];

/** Services the provider calls whatever the lab holds: STS (account id and credential check). */
const ALWAYS_USED_SERVICES = ["sts"];

/** Retries of a failed AWS call: enough for a busy emulator, few enough that an API it lacks fails in seconds, not minutes. */
export const REHEARSAL_MAX_RETRIES = 3;

/** Options of {@link synthesizeRehearsal}. */
export interface RehearsalSynthOptions {
  /** A directory of the rehearsal's own (never the project's cdktf.out). */
  readonly outdir: string;
  /** The emulator's base URL, e.g. `http://127.0.0.1:45011`. */
  readonly endpoint: string;
}

/** What {@link synthesizeRehearsal} wrote. */
export interface RehearsalTarget {
  readonly stackName: string;
  /** The directory that holds `cdk.tf.json`, where Terraform runs and keeps its state. */
  readonly stackDir: string;
  /** The emulator adaptations that changed something in this lab. */
  readonly adaptations: readonly AppliedAdaptation[];
  /** The services whose endpoints point at the emulator. */
  readonly services: readonly string[];
  /** Number of resources the rehearsal applies. */
  readonly resourceCount: number;
}

/**
 * Synthesizes a lab as the rehearsal target, a third mode beside the real and the offline synth:
 * the real (online) synth, so the data sources really query the emulator, with the provider
 * pointed at the emulator with its test credentials, the state in the stack directory, and the
 * listed {@link adaptForEmulator emulator adaptations}. An `offline` configuration is rehearsed
 * online: the emulator answers the lookups that offline mode replaces.
 */
export function synthesizeRehearsal(input: LabModel | LabConfig, options: RehearsalSynthOptions): RehearsalTarget {
  const lab = synthesizeLab(rehearsalModel(input), { outdir: options.outdir, hcl: false });
  const json = JSON.parse(readFileSync(lab.path, "utf8")) as RehearsalJson;
  const services = pointAtEmulator(json, options.endpoint);
  const adaptations = adaptForEmulator(json);
  writeFileSync(lab.path, `${JSON.stringify(json, null, 2)}\n`);
  const resourceCount = Object.values(json.resource ?? {}).reduce((sum, byName) => sum + Object.keys(byName).length, 0);
  return { stackName: lab.stackName, stackDir: dirname(lab.path), adaptations, services, resourceCount };
}

/**
 * The lab a rehearsal deploys: the online model (a configuration is resolved with
 * `{ online: true }`; a model given must be online already, as `loadLabs(env, { online: true })`
 * makes it).
 */
export function rehearsalModel(input: LabModel | LabConfig): LabModel {
  const lab = "home" in input ? input : resolveLab(input, { online: true });
  if (lab.offline) throw new Error(`rehearsal of ${lab.name}: expected the online lab model (resolveLab(config, { online: true }))`);
  return lab;
}

/**
 * Points every AWS provider of `json` (and alias) at the emulator: an endpoint for every service
 * the lab uses, the emulator's test credentials (an alias of another account still assumes its
 * role, through the emulator's STS), path-style S3 addressing (the emulator has no per-bucket host
 * names), and a local state file in the stack directory in place of any backend or HCP Terraform
 * `cloud` block. Returns the
 * services, sorted.
 */
export function pointAtEmulator(json: RehearsalJson, endpoint: string): string[] {
  const services = new Set(ALWAYS_USED_SERVICES);
  const types = [...Object.keys(json.resource ?? {}), ...Object.keys(json.data ?? {})];
  for (const type of types) {
    const entry = SERVICE_OF_TYPE.find(([pattern]) => pattern.test(type));
    if (!entry) {
      throw new Error(
        `the rehearsal does not know which AWS service serves ${type}; add it to SERVICE_OF_TYPE in src/rehearsal/rehearsal-target.ts so that it is pointed at the emulator`,
      );
    }
    if (entry[1]) services.add(entry[1]);
  }
  const sorted = [...services].sort();
  const providers = json.provider?.aws ?? [];
  if (providers.length === 0) throw new Error("the synthesized lab has no aws provider to point at the emulator");
  for (const provider of providers) {
    provider.access_key = EMULATOR_CREDENTIALS.accessKeyId;
    provider.secret_key = EMULATOR_CREDENTIALS.secretAccessKey;
    provider.endpoints = [Object.fromEntries(sorted.map((service) => [service, endpoint]))];
    provider.s3_use_path_style = true;
    provider.skip_metadata_api_check = "true";
    provider.max_retries = REHEARSAL_MAX_RETRIES;
    // assume_role stays: it goes to the emulator's STS, which gives the role's account, so another
    // account's VPCs are rehearsed in an account of their own.
    for (const key of ["profile", "shared_credentials_files", "shared_config_files", "token"]) delete provider[key];
  }
  // Never a real backend or the project's state file: the state lives beside cdk.tf.json.
  const terraform: Record<string, unknown> = { ...json.terraform, backend: { local: { path: "terraform.tfstate" } } };
  delete terraform.cloud;
  json.terraform = terraform;
  return sorted;
}
