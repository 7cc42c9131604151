import { DataAwsCallerIdentity } from "@cdktf/provider-aws/lib/data-aws-caller-identity";
import { DataAwsEc2InstanceTypeOfferings } from "@cdktf/provider-aws/lib/data-aws-ec2-instance-type-offerings";
import { DataAwsEc2ManagedPrefixList } from "@cdktf/provider-aws/lib/data-aws-ec2-managed-prefix-list";
import { DataAwsIamSessionContext } from "@cdktf/provider-aws/lib/data-aws-iam-session-context";
import { DataAwsPartition } from "@cdktf/provider-aws/lib/data-aws-partition";
import { DataAwsRegion } from "@cdktf/provider-aws/lib/data-aws-region";
import { DataAwsSsmParameter } from "@cdktf/provider-aws/lib/data-aws-ssm-parameter";
import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import type { TerraformDataSource } from "cdktf";
import { Fn, Token } from "cdktf";
import { Construct } from "constructs";
import { instanceConnectPrefixListName } from "../aws/service-names";
import type { Architecture } from "../config/instance-architecture";
import type { ContextOfflineValues } from "../model/lab-model";
import { pinAddress } from "./terraform-address";

/** Properties of {@link LabEnvironment}. */
export interface LabEnvironmentProps {
  /** Stack name, written to every resource as the `Project` tag. */
  readonly projectName: string;
  /** AWS region, e.g. `us-east-1`. */
  readonly region: string;
  /** Extra provider default tags. @default {} */
  readonly tags?: Readonly<Record<string, string>>;
  /**
   * Preview mode: fake credentials and no data source that calls AWS, so that `terraform plan`
   * runs without an account. Lookups are replaced by `offlineValues`.
   * @default false
   */
  readonly offline?: boolean;
  /** Values that replace AWS lookups when `offline` is true. */
  readonly offlineValues: ContextOfflineValues;
  /**
   * Names the provider alias of a (region, account) other than the lab's own, and suffixes the
   * addresses of its lookups (`data.aws_region.current-eu-west-1`): `-` never appears in the home
   * context's names, so no two contexts' addresses can meet. @default the unaliased provider
   */
  readonly alias?: string;
  /** The role Terraform assumes in another account (not assumed offline). @default the caller's own account */
  readonly assumeRoleArn?: string;
  /** The account id when known from config (another account's, from its role ARN). @default looked up */
  readonly accountId?: string;
  /** The name of the account in `accounts`. @default the account Terraform runs in */
  readonly accountName?: string;
}

export type { ContextOfflineValues } from "../model/lab-model";

/**
 * The AWS provider and the account, partition, region and catalogue lookups the lab needs, for
 * one (region, account) context: the lab's own (the unaliased provider) or another one (a provider
 * alias, whose lookups and resources carry that provider). Lookups that call AWS are created on
 * first use (so a lab that never asks for the caller identity does not need
 * `sts:GetCallerIdentity`), and come from config in offline mode.
 */
export class LabEnvironment extends Construct {
  /** The configured AWS provider. */
  public readonly provider: AwsProvider;
  /** The partition, e.g. `aws` (a data source: it works offline). */
  public readonly partition: string;
  /** The region name (a data source: it works offline). */
  public readonly regionName: string;
  /** True in offline (preview) mode. */
  public readonly offline: boolean;
  /** The region, as configured (a literal). */
  public readonly region: string;
  /** The provider alias, for a context other than the lab's own. */
  public readonly alias?: string;
  /** The name of the account in `accounts`, for another account. */
  public readonly accountName?: string;
  private readonly offlineValues: ContextOfflineValues;
  private readonly knownAccountId?: string;
  private readonly amiIds = new Map<Architecture, string>();
  private readonly zones = new Map<string, string>();
  private callerIdentity?: DataAwsCallerIdentity;
  private prefixListId?: string;
  private terraformPrincipal?: string;

  public constructor(scope: Construct, id: string, props: LabEnvironmentProps) {
    super(scope, id);
    this.offline = props.offline ?? false;
    this.offlineValues = props.offlineValues;
    this.region = props.region;
    this.alias = props.alias;
    this.accountName = props.accountName;
    this.knownAccountId = props.accountId;
    this.provider = new AwsProvider(this, "aws", {
      ...(props.alias === undefined ? {} : { alias: props.alias }),
      region: props.region,
      defaultTags: [{ tags: tagsThroughTokens({ Project: props.projectName, ManagedBy: "cdktf", ...props.tags }) }],
      ...(this.offline
        ? {
            // Preview mode: the provider starts without calling STS or the metadata service.
            accessKey: "offline-preview",
            secretKey: "offline-preview",
            skipCredentialsValidation: true,
            skipRequestingAccountId: true,
            skipRegionValidation: true,
            skipMetadataApiCheck: "true",
          }
        : props.assumeRoleArn === undefined
          ? {}
          : { assumeRole: [{ roleArn: props.assumeRoleArn, sessionName: `${props.projectName}-terraform` }] }),
    });
    this.partition = this.pin(new DataAwsPartition(this, "partition"), "current").partition;
    this.regionName = this.pin(new DataAwsRegion(this, "region"), "current").name;
  }

  /** The provider the context's resources name: undefined for the lab's own (the unaliased default). */
  public get resourceProvider(): AwsProvider | undefined {
    return this.alias === undefined ? undefined : this.provider;
  }

  /** The account id: from config (another account's role ARN, or `offlineValues.accountId`), else `aws_caller_identity`. */
  public get accountId(): string {
    if (this.knownAccountId !== undefined) return this.knownAccountId;
    if (this.offline) return this.offlineValues.accountId;
    return this.caller().accountId;
  }

  /**
   * The IAM principal that runs Terraform, looked up as a role ARN (the session context's issuer,
   * not the assumed-role session ARN, which changes with every session and so cannot be named in
   * a policy). Online only: offline, the lab model gives the principal as a literal.
   */
  public get terraformPrincipalArn(): string {
    if (this.offline) throw new Error("LabEnvironment.terraformPrincipalArn: offline, the principal comes from the lab model");
    if (this.terraformPrincipal === undefined) {
      const session = new DataAwsIamSessionContext(this, "terraform-session", { arn: this.caller().arn });
      this.terraformPrincipal = this.pin(session, "terraform").issuerArn;
    }
    return this.terraformPrincipal;
  }

  /** The managed prefix list of EC2 Instance Connect's console service in this region. */
  public get instanceConnectPrefixListId(): string {
    if (this.offline) return this.offlineValues.instanceConnectPrefixListId;
    if (this.prefixListId === undefined) {
      const list = new DataAwsEc2ManagedPrefixList(this, "instance-connect", { name: instanceConnectPrefixListName(this.region) });
      this.prefixListId = this.pin(list, "ec2_instance_connect").id;
    }
    return this.prefixListId;
  }

  /**
   * An availability zone that offers an instance type: the first, by name, of the zones that
   * `aws_ec2_instance_type_offerings` lists. Zone names map to different physical zones in each
   * account, and some (use1-az3, behind us-east-1a in some accounts) offer no t3 at all, which
   * only `apply` would discover. Offline: `<region>a`.
   */
  public availabilityZoneFor(instanceType: string): string {
    if (this.offline) return `${this.region}a`;
    let zone = this.zones.get(instanceType);
    if (zone === undefined) {
      const offerings = new DataAwsEc2InstanceTypeOfferings(this, `zones-${instanceType}`, {
        locationType: "availability-zone",
        filter: [{ name: "instance-type", values: [instanceType] }],
      });
      this.pin(offerings, instanceType.replace(/[^a-z0-9]/g, "_"));
      zone = Token.asString(Fn.element(Fn.sort(offerings.locations), 0));
      this.zones.set(instanceType, zone);
    }
    return zone;
  }

  /** The latest Amazon Linux 2023 AMI for an architecture, from AWS's public SSM parameter. */
  public amazonLinuxAmi(architecture: Architecture): string {
    if (this.offline) return this.offlineValues.amiIds[architecture];
    let ami = this.amiIds.get(architecture);
    if (ami === undefined) {
      const parameter = new DataAwsSsmParameter(this, `al2023-${architecture}`, {
        name: `/aws/service/ami-amazon-linux-latest/al2023-ami-kernel-default-${architecture}`,
      });
      // insecure_value is the non-sensitive copy of value: the AMI id is public, and plans stay readable.
      ami = this.pin(parameter, `al2023_${architecture}`).insecureValue;
      this.amiIds.set(architecture, ami);
    }
    return ami;
  }

  private caller(): DataAwsCallerIdentity {
    this.callerIdentity ??= this.pin(new DataAwsCallerIdentity(this, "caller"), "current");
    return this.callerIdentity;
  }

  /** Pins a lookup's address, suffixed with the alias in another context, and gives it the context's provider. */
  private pin<T extends TerraformDataSource>(element: T, name: string): T {
    if (this.alias === undefined) return pinAddress(element, name);
    element.provider = this.provider;
    return pinAddress(element, `${name}-${this.alias}`);
  }
}

/**
 * Tags as cdktf can write them. cdktf builds resolved maps by assignment, which turns a key named
 * `__proto__` (a legal AWS tag key) into a prototype change and drops it; such a map is written
 * as a `jsondecode` of its JSON instead, which Terraform reads as the same map. Tag values cannot
 * hold `$`, `{` or `%`, so the escaped JSON never reads as an interpolation.
 */
function tagsThroughTokens(tags: Record<string, string>): Record<string, string> {
  if (!Object.prototype.hasOwnProperty.call(tags, "__proto__")) return tags;
  return Token.asStringMap(Fn.jsondecode(Fn.rawString(JSON.stringify(tags))));
}
