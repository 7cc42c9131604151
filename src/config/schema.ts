import { z } from "zod";
import { bucketNameProblems } from "./bucket-name";
import { FLOW_LOG_AGGREGATION_INTERVALS, LOG_RETENTION_DAYS } from "../aws/flow-log-fields";
import { VPC_CIDR_PREFIX, isNetworkAddress, networkOf, parseIpv4Cidr } from "../aws/ipv4-cidr";
import { AVAILABILITY_ZONE, REGION_CODE, looksLikeRegion } from "../aws/regions";
import { logFormatProblems } from "./flow-log-format";
import { SAVED_QUERY_FIELDS } from "./flow-log-queries";

/**
 * The longest stack name that keeps every derived name within AWS limits: the longest derived
 * IAM `name_prefix` is `<name>-flow-logs-` (limit 38 characters) and the S3 `bucket_prefix` is
 * `<name>-` (limit 37).
 */
export const MAX_STACK_NAME_LENGTH = 24;
/** VPC names become part of Terraform addresses (`aws_route.vpc1_to_vpc2`) and AWS names. */
export const MAX_VPC_NAME_LENGTH = 16;

/**
 * What lab.schema.json should say about a value that a refinement checks (a pattern, the values
 * allowed), which the JSON Schema converter cannot see inside the refinement. Keyed by the
 * refinement's effect, which `.describe()`, `.optional()` and `.default()` keep.
 */
export const JSON_SCHEMA_HINTS = new WeakMap<object, Readonly<Record<string, unknown>>>();

function hinted<T extends z.ZodEffects<z.ZodTypeAny>>(schema: T, hint: Readonly<Record<string, unknown>>): T {
  JSON_SCHEMA_HINTS.set(schema._def.effect, hint);
  return schema;
}

/** Attaches a fix to a refinement so that the error report can say how to repair the value. */
function fail(ctx: z.RefinementCtx, message: string, fix: string): void {
  ctx.addIssue({ code: z.ZodIssueCode.custom, message, params: { fix } });
}

function matching(pattern: RegExp, problem: string, fix: string) {
  return hinted(
    z.string().superRefine((value, ctx) => {
      if (!pattern.test(value)) fail(ctx, problem, fix);
    }),
    { pattern: pattern.source },
  );
}

/** An IPv4 CIDR block written as its network address, with a prefix length in `[min, max]`. */
function cidrBlock(min: number, max: number, what: string) {
  const refined = z.string().superRefine((value, ctx) => {
    const block = parseIpv4Cidr(value);
    if (!block) {
      fail(ctx, `expected an IPv4 CIDR block such as 10.1.0.0/16 for the ${what}`, "write four dotted octets, a slash and a prefix length");
    } else if (!isNetworkAddress(block)) {
      fail(ctx, `expected a network address, but host bits are set`, `use ${networkOf(block)}`);
    } else if (block.prefix < min || block.prefix > max) {
      fail(
        ctx,
        `expected a prefix length between /${min} and /${max} for the ${what} (AWS's limits)`,
        `choose a /${Math.min(Math.max(block.prefix, min), max)} block`,
      );
    }
  });
  return hinted(refined, { pattern: "^\\d{1,3}(\\.\\d{1,3}){3}/\\d{1,2}$" });
}

/** VPC names end up in Terraform addresses joined by `_`, so they may not contain one. */
const vpcName = matching(
  new RegExp(`^(?=.{1,${MAX_VPC_NAME_LENGTH}}$)[a-z][a-z0-9]*(-[a-z0-9]+)*$`),
  `expected a VPC name of 1-${MAX_VPC_NAME_LENGTH} lowercase letters, digits and single hyphens, starting with a letter (it becomes part of Terraform addresses such as aws_route.vpc1_to_vpc2)`,
  'rename it, e.g. "vpc1" or "shared-services"',
);

/** An AWS region code such as us-east-1. */
const regionCode = matching(REGION_CODE, "expected an AWS region such as us-east-1", 'use a region code, e.g. "eu-west-1"');

export { looksLikeRegion } from "../aws/regions";

/**
 * A name of an account in `accounts`. It names the account's provider alias (`shared`, or
 * `shared_eu-west-1` beside a region), so it may not hold `_` nor look like a region.
 */
const ACCOUNT_NAME = /^(?=.{1,16}$)[a-z][a-z0-9]*(-[a-z0-9]+)*$/;
const accountName = hinted(
  z.string().superRefine((value, ctx) => {
    if (!ACCOUNT_NAME.test(value))
      fail(
        ctx,
        "expected an account name of 1-16 lowercase letters, digits and single hyphens, starting with a letter (it names a provider alias)",
        'rename it, e.g. "shared" or "prod-network"',
      );
    else if (looksLikeRegion(value))
      fail(ctx, "expected an account name that is not a region code (provider aliases of regions use those)", 'rename it, e.g. "shared"');
  }),
  { pattern: ACCOUNT_NAME.source },
);

/** An S3 bucket name by S3's rules (the refinement names each rule broken). */
const bucketName = () =>
  hinted(
    z.string().superRefine((value, ctx) => {
      for (const { problem, fix } of bucketNameProblems(value)) fail(ctx, problem, fix);
    }),
    { minLength: 3, maxLength: 63, pattern: "^[a-z0-9][a-z0-9.-]*[a-z0-9]$" },
  );

/** An IAM role ARN in another account, which Terraform assumes to build that account's VPCs. */
const AccountSchema = z
  .object({
    /** The role Terraform assumes in the account; the account id is read from it. */
    roleArn: matching(
      /^arn:aws(-cn|-us-gov)?:iam::\d{12}:role\/[\w+=,.@/-]+$/,
      "expected an IAM role ARN such as arn:aws:iam::210987654321:role/vpc-lab-terraform",
      "use arn:aws:iam::<account>:role/<name>: the role Terraform assumes in that account",
    ).describe("The IAM role Terraform assumes in the account (arn:aws:iam::<account>:role/<name>); the account id is read from it."),
  })
  .strict();

/** Names of lab VPCs, or "all". */
const vpcSelection = z.union([z.literal("all"), z.array(vpcName).min(1)]);
const DEFAULT_INSTANCE_TYPE = "t3.micro";

const InstanceSchema = z
  .object({
    /** EC2 instance type. @default "t3.micro" */
    type: matching(
      /^[a-z][a-z0-9-]*\.[a-z0-9]+$/,
      "expected an instance type such as t3.micro",
      'use a family and a size, e.g. "t3.micro" or "t4g.small"',
    )
      .default(DEFAULT_INSTANCE_TYPE)
      .describe("EC2 instance type. Graviton families (t4g, m7g, c7gn, ...) get the arm64 Amazon Linux 2023."),
    /** AMI to launch. @default the latest Amazon Linux 2023 for the type's architecture */
    amiId: matching(
      /^ami-([0-9a-f]{8}|[0-9a-f]{17})$/,
      "expected an AMI id such as ami-0123456789abcdef0",
      "copy the id from the EC2 console's AMI catalog, or leave amiId out for Amazon Linux 2023",
    )
      .optional()
      .describe("AMI to launch. Default: the latest Amazon Linux 2023 for the type's architecture (an SSM parameter lookup)."),
  })
  .strict();

/** An id of an existing AWS resource, for `import`: a prefix such as `vpc-` and 8 or 17 hex digits. */
function awsId(prefix: string, what: string) {
  return matching(
    new RegExp(`^${prefix}-([0-9a-f]{8}|[0-9a-f]{17})$`),
    `expected the id of an existing ${what}, such as ${prefix}-0123456789abcdef0`,
    `copy the id from the console (the ${what}'s details page)`,
  );
}

/**
 * Ids of resources built by hand (in the console, as the lab did) that the VPC's resources adopt
 * through Terraform `import` blocks instead of creating new ones.
 */
const VpcImportSchema = z
  .object({
    vpc: awsId("vpc", "VPC").optional().describe("The id of an existing VPC to adopt (vpc-...). Default: a new VPC."),
    subnet: awsId("subnet", "subnet")
      .optional()
      .describe("The id of an existing public subnet to adopt (subnet-...). Default: a new subnet."),
    internetGateway: awsId("igw", "internet gateway")
      .optional()
      .describe("The id of an existing internet gateway to adopt (igw-...). Default: a new internet gateway."),
    routeTable: awsId("rtb", "route table")
      .optional()
      .describe(
        "The id of an existing public route table to adopt (rtb-...), with its default route and subnet association. Default: a new route table.",
      ),
    securityGroup: awsId("sg", "security group")
      .optional()
      .describe("The id of an existing security group of the instance to adopt (sg-...). Default: a new security group."),
    instance: awsId("i", "EC2 instance")
      .optional()
      .describe("The id of an existing EC2 instance to adopt (i-...). Default: a new instance."),
    eip: awsId("eipalloc", "Elastic IP allocation")
      .optional()
      .describe("The allocation id of an existing Elastic IP to adopt (eipalloc-...). Default: a new Elastic IP."),
  })
  .strict();

/** Earlier names of a VPC or of the lab, the first being the one its resources were created with. */
const previousNames = <T extends z.ZodTypeAny>(name: T, what: string) =>
  z
    .array(name)
    .max(10)
    .default([])
    .describe(
      `Earlier names of ${what}, the first being the one its resources were created with: each gives moved blocks from the old addresses, and AWS-side names keep using the first.`,
    );

const VpcSchema = z
  .object({
    name: vpcName.describe(
      `The VPC's name: 1-${MAX_VPC_NAME_LENGTH} lowercase letters, digits and single hyphens, starting with a letter. It becomes part of Terraform addresses (aws_vpc.<name>) and AWS names.`,
    ),
    cidr: cidrBlock(VPC_CIDR_PREFIX.broadest, VPC_CIDR_PREFIX.narrowest, "VPC").describe(
      `The VPC's IPv4 block, written as its network address, /${VPC_CIDR_PREFIX.broadest} to /${VPC_CIDR_PREFIX.narrowest}; it may not overlap another VPC's.`,
    ),
    publicSubnetCidr: cidrBlock(VPC_CIDR_PREFIX.broadest, VPC_CIDR_PREFIX.narrowest, "subnet").describe(
      "The public subnet's IPv4 block, inside the VPC's cidr.",
    ),
    /** The region the VPC lives in. @default the lab's `region` */
    region: regionCode.optional().describe("The region the VPC lives in. Default: the lab's region."),
    /** The account the VPC lives in, by its name in `accounts`. @default the account Terraform runs in */
    account: accountName
      .optional()
      .describe("The account the VPC lives in, by its name in accounts. Default: the account Terraform runs in."),
    /** Availability zone of the public subnet, in the VPC's region. @default "<region>a" */
    availabilityZone: matching(
      AVAILABILITY_ZONE,
      "expected an availability zone such as us-east-1a",
      "use the region code followed by a zone letter",
    )
      .optional()
      .describe(
        "Availability zone of the public subnet, in the VPC's region. Default: the first zone (by name) that offers the instance's type; <region>a without an instance or offline.",
      ),
    /** The VPC's instance, or `false` for none. @default { type: "t3.micro" } */
    instance: z
      .union([z.literal(false), InstanceSchema])
      .default({})
      .describe(`The VPC's instance, or false for a VPC without one. Default: a ${DEFAULT_INSTANCE_TYPE} running Amazon Linux 2023.`),
    /**
     * Earlier names of this VPC, the first being the one its resources were created with: each
     * gives `moved` blocks, and AWS-side names keep using the first. @default []
     */
    previousNames: previousNames(vpcName, "this VPC"),
    /** Existing resources to adopt instead of creating them. */
    import: VpcImportSchema.optional().describe(
      "Ids of resources built by hand (in the console) that this VPC adopts through Terraform import blocks instead of creating new ones. Default: every resource is created.",
    ),
  })
  .strict();

const PeeringSchema = z
  .object({
    requester: vpcName.describe("The VPC that requests the peering, by name."),
    accepter: vpcName.describe("The VPC that accepts the peering, by name."),
    /** The id of an existing peering connection between the two VPCs, to adopt. */
    import: awsId("pcx", "VPC peering connection")
      .optional()
      .describe("The id of an existing peering connection between the two VPCs to adopt (pcx-...). Default: a new peering."),
  })
  .strict();

/** CloudWatch Logs accepts only these retention periods (kept importable from here). */
export { LOG_RETENTION_DAYS } from "../aws/flow-log-fields";

const FlowLogsSchema = z
  .object({
    /** VPCs with a flow log. @default "all" */
    vpcs: vpcSelection
      .default("all")
      .describe('The VPCs that get a flow log: names, or "all". The lab logged vpc1 only: ["vpc1"] reproduces it.'),
    /** @default "ALL" */
    trafficType: z
      .enum(["ALL", "ACCEPT", "REJECT"])
      .default("ALL")
      .describe('The traffic recorded: "ALL", "ACCEPT", or "REJECT" (only what security groups and network ACLs refused).'),
    /** @default 7 */
    retentionDays: hinted(
      z.number().superRefine((value, ctx) => {
        if (!(LOG_RETENTION_DAYS as readonly number[]).includes(value))
          fail(ctx, "expected a retention period that CloudWatch Logs accepts", `use one of ${LOG_RETENTION_DAYS.join(", ")}`);
      }),
      { enum: LOG_RETENTION_DAYS },
    )
      .default(7)
      .describe(`Days CloudWatch Logs keeps the records: one of the periods it accepts (${LOG_RETENTION_DAYS.join(", ")}).`),
    /** Seconds over which a flow log aggregates packets. @default 60 */
    maxAggregationInterval: hinted(
      z.number().superRefine((value, ctx) => {
        if (!(FLOW_LOG_AGGREGATION_INTERVALS as readonly number[]).includes(value))
          fail(ctx, "expected 60 or 600 (the only intervals VPC flow logs support)", "use 60 for the lab, 600 to save cost");
      }),
      { enum: FLOW_LOG_AGGREGATION_INTERVALS },
    )
      .default(60)
      .describe("Seconds of traffic aggregated into one record: 60 or 600."),
    /** A custom flow log format such as "${srcaddr} ${dstaddr} ${bytes}". @default the AWS default format */
    logFormat: z
      .string()
      .superRefine((value, ctx) => {
        for (const { problem, fix } of logFormatProblems(value, SAVED_QUERY_FIELDS)) fail(ctx, problem, fix);
      })
      .optional()
      .describe(
        "A custom record format: ${field} tokens separated by spaces (written as AWS does; the escape Terraform needs is added). It must keep every field the saved queries read. Default: AWS's default format.",
      ),
  })
  .strict();

/** An IAM role or user ARN (or the account root), as `aws:PrincipalArn` gives it (never an assumed-role session ARN). */
const iamPrincipalArn = matching(
  /^arn:aws(-cn|-us-gov)?:iam::\d{12}:((role|user)\/[\w+=,.@/-]+|root)$/,
  "expected an IAM role or user ARN such as arn:aws:iam::123456789012:role/Admin (or the account's :root)",
  "use the role ARN (not an assumed-role session ARN) or a user ARN",
);

const S3Schema = z
  .object({
    /** Exact bucket name. @default a `bucket_prefix` made from the stack name */
    bucketName: bucketName()
      .optional()
      .describe("An exact bucket name, by S3's rules. Default: a bucket_prefix of <name>-, which never collides with another bucket."),
    /** Let `terraform destroy` delete a bucket that still holds objects. @default false */
    forceDestroy: z
      .boolean()
      .default(false)
      .describe("Let terraform destroy delete the bucket while it still holds objects (or old versions)."),
    /** VPCs that get an S3 gateway endpoint. @default "all" */
    endpointVpcs: vpcSelection
      .default("all")
      .describe('The VPCs that get an S3 gateway endpoint: names, or "all" (every VPC in the bucket\'s region).'),
    /** @default "bucket-only" */
    endpointPolicy: z
      .enum(["bucket-only", "full-access", "deny-all"])
      .default("bucket-only")
      .describe(
        'The endpoints\' policy: "bucket-only" (the instances\' actions on the lab bucket, and reads of the region\'s Amazon Linux repositories), "full-access" (all of S3, AWS\'s default) or "deny-all" (the lab\'s experiment).',
      ),
    /** IAM role or user ARNs exempt from the endpoint-only rule of the bucket policy. @default [] */
    adminPrincipalArns: z
      .array(iamPrincipalArn)
      .default([])
      .describe(
        "IAM role or user ARNs (not assumed-role session ARNs) that keep access to the bucket from outside the endpoints, e.g. the role you use in the console.",
      ),
    /** Upload `test.txt`, as the lab did. @default true */
    testObject: z.boolean().default(true).describe("Upload test.txt, as the lab did."),
    /** An existing bucket to adopt (its name), instead of creating one. */
    import: z
      .object({ bucket: bucketName().describe("The name of the existing bucket.") })
      .strict()
      .optional()
      .describe("An existing bucket to adopt through an import block instead of creating one. Default: a new bucket."),
  })
  .strict();

const ExpectationSchema = z
  .object({
    /** Source: an instance by its VPC's name (icmp, s3), or "instance-connect" (ssh). */
    from: z.string().describe('The source: a VPC with an instance, by name (icmp, s3), or "instance-connect" (ssh).'),
    /** Destination: an instance by its VPC's name (icmp, ssh), or "s3" for the lab bucket. */
    to: z.string().describe('The destination: a VPC with an instance, by name (icmp, ssh), or "s3" for the lab bucket.'),
    protocol: z.enum(["icmp", "ssh", "s3"]).describe("The kind of path: ping, SSH from EC2 Instance Connect, or S3 requests."),
    reachable: z.boolean().describe("Whether the path must be open (true) or closed (false)."),
  })
  .strict();

const amiId = matching(/^ami-([0-9a-f]{8}|[0-9a-f]{17})$/, "expected an AMI id", "use ami- and 8 or 17 hex digits");
const prefixListId = matching(
  /^pl-[0-9a-f]{8,17}$/,
  "expected a prefix list id such as pl-0123456789abcdef0",
  "use pl- and 8 or 17 hex digits",
);

/** Offline values of one more region: each defaults to the lab's own offline value. */
const RegionOfflineValuesSchema = z
  .object({
    instanceConnectPrefixListId: prefixListId
      .optional()
      .describe("The id of the region's EC2 Instance Connect prefix list. Default: offlineValues.instanceConnectPrefixListId."),
    amiIds: z
      .object({
        x86_64: amiId.optional().describe("The x86_64 AMI id in the region. Default: offlineValues.amiIds.x86_64."),
        arm64: amiId.optional().describe("The arm64 AMI id in the region. Default: offlineValues.amiIds.arm64."),
      })
      .strict()
      .default({})
      .describe("AMI ids in the region, per architecture."),
  })
  .strict();

const OfflineValuesSchema = z
  .object({
    /** @default "123456789012" */
    accountId: matching(/^\d{12}$/, "expected a 12-digit AWS account id", 'use e.g. "123456789012"')
      .default("123456789012")
      .describe("The account id offline mode uses for the account Terraform runs in."),
    /** @default "pl-0e4bcff02b13bef1e" (a made-up id) */
    instanceConnectPrefixListId: matching(
      /^pl-[0-9a-f]{8,17}$/,
      "expected a prefix list id such as pl-0123456789abcdef0",
      "use pl- and 8 or 17 hex digits",
    )
      .default("pl-0e4bcff02b13bef1e")
      .describe("The EC2 Instance Connect prefix list id offline mode uses in the lab's region (the default is made up)."),
    /** AMI ids used in place of the SSM lookup, per architecture. */
    amiIds: z
      .object({
        x86_64: amiId.default("ami-0123456789abcdef0").describe("The AMI id offline mode uses for x86_64 instances."),
        arm64: amiId.default("ami-0fedcba9876543210").describe("The AMI id offline mode uses for arm64 (Graviton) instances."),
      })
      .strict()
      .default({})
      .describe("AMI ids offline mode uses in place of the SSM lookup, per architecture."),
    /** The IAM role (not session) ARN that runs Terraform. @default arn:aws:iam::<accountId>:role/terraform */
    terraformPrincipalArn: iamPrincipalArn
      .optional()
      .describe(
        "The IAM role (not session) ARN that runs Terraform, for the bucket policy offline. Default: arn:aws:iam::<accountId>:role/terraform.",
      ),
    /**
     * Per region other than the lab's (for VPCs with `region`): the Instance Connect prefix list
     * and AMI ids there. @default the values above
     */
    regions: z
      .record(regionCode, RegionOfflineValuesSchema)
      .default({})
      .describe(
        "Per region other than the lab's (for VPCs with a region of their own): the Instance Connect prefix list and AMI ids there.",
      ),
  })
  .strict();

/** A name of an environment: it suffixes the stack name (`<name>-<env>`). */
export const environmentName = /^[a-z][a-z0-9]*(-[a-z0-9]+)*$/;

/** A path of a local state file, relative to the project root (or absolute). */
const statePath = matching(
  /^[^\0]*\.tfstate$/,
  "expected a state file path ending in .tfstate",
  'use e.g. "state/vpc-lab.tfstate" (relative to the project root)',
);

/**
 * Where Terraform keeps the lab's state. `local` (the default) keeps one file per stack at the
 * project root, outside cdktf.out; `s3` uses S3 with native locking (Terraform >= 1.11);
 * `cloud` uses HCP Terraform (Terraform Cloud) through its `cloud` block.
 */
export const BackendSchema = z
  .discriminatedUnion("type", [
    z
      .object({
        type: z.literal("local").describe("state in a local file"),
        /** State file, relative to the project root. @default "terraform.<stack>.tfstate" */
        path: statePath.optional().describe("The state file, relative to the project root. Default: terraform.<stack>.tfstate."),
      })
      .strict(),
    z
      .object({
        type: z.literal("s3").describe("state in S3, with S3 native locking (Terraform >= 1.11)"),
        bucket: bucketName().describe("The state bucket (an existing bucket)."),
        /** Object key of the state. @default "<stack>/terraform.tfstate" */
        key: matching(/^[^/].{0,1023}$/, "expected an object key that does not start with /", 'use e.g. "vpc-lab/terraform.tfstate"')
          .optional()
          .describe("The object key of the state. Default: <stack>/terraform.tfstate."),
        /** The state bucket's region. @default the lab's region */
        region: regionCode.optional().describe("The state bucket's region. Default: the lab's region."),
        /** Server-side encryption of the state object. @default true */
        encrypt: z.boolean().default(true).describe("Server-side encryption of the state object."),
        /** S3 native state locking (a `.tflock` object beside the state), Terraform >= 1.11. @default true */
        useLockfile: z.boolean().default(true).describe("S3 native state locking: a .tflock object beside the state (Terraform >= 1.11)."),
        /** A customer KMS key for the state object. */
        kmsKeyId: matching(
          /^(arn:aws[a-z-]*:kms:|alias\/|[0-9a-f-]{36}$)/,
          "expected a KMS key ARN, alias/<name> or key id",
          "copy the key ARN from the KMS console",
        )
          .optional()
          .describe("A customer KMS key for the state object (ARN, alias/<name> or key id). Default: S3's own encryption key."),
        /** A role that Terraform assumes to reach the state bucket. */
        roleArn: matching(
          /^arn:aws[a-z-]*:iam::\d{12}:role\/[\w+=,.@/-]+$/,
          "expected an IAM role ARN",
          "use arn:aws:iam::<account>:role/<name>",
        )
          .optional()
          .describe("A role Terraform assumes to reach the state bucket. Default: none (the credentials Terraform runs with)."),
      })
      .strict(),
    z
      .object({
        type: z.literal("cloud").describe("state in HCP Terraform (Terraform Cloud), through a cloud block"),
        organization: matching(
          /^[A-Za-z0-9_-]{1,64}$/,
          "expected an HCP Terraform organization name",
          "copy it from the HCP Terraform URL",
        ).describe("The HCP Terraform organization."),
        /** One workspace by name (a stack per workspace). */
        workspace: matching(/^[A-Za-z0-9_-]{1,90}$/, "expected a workspace name of letters, digits, - and _", 'use e.g. "vpc-lab"')
          .optional()
          .describe("One workspace by name (a stack per workspace). Default: none (then workspaceTags); give exactly one of the two."),
        /** Or: every workspace with these tags (chosen with `terraform workspace select`). */
        workspaceTags: z
          .array(matching(/^[A-Za-z0-9:_-]{1,255}$/, "expected a tag of letters, digits, :, - and _", 'use e.g. "vpc-lab"'))
          .min(1)
          .optional()
          .describe("Or: every workspace with these tags (chosen with terraform workspace select). Default: none (then workspace)."),
        /** The HCP Terraform project of the workspace (Terraform >= 1.5). */
        project: z
          .string()
          .min(1)
          .max(90)
          .optional()
          .describe("The HCP Terraform project of the workspace (Terraform >= 1.5). Default: the organization's default project."),
        /** @default "app.terraform.io" */
        hostname: matching(
          /^[a-z0-9.-]+(:\d+)?$/,
          "expected a host name such as app.terraform.io",
          "use your HCP Terraform Enterprise host name",
        )
          .optional()
          .describe("The HCP Terraform host. Default: app.terraform.io."),
      })
      .strict(),
  ])
  .describe(
    'Where Terraform keeps state: "local" (one file per stack at the project root), "s3" (S3 with native locking) or "cloud" (HCP Terraform).',
  );

/** The whole lab configuration, after defaults are applied. */
export const LabConfigSchema = z
  .object({
    /**
     * The file's JSON Schema, for editors (`"$schema": "./lab.schema.json"`); validation ignores it.
     */
    $schema: z
      .string()
      .optional()
      .describe(
        'The JSON Schema of this file, for editors: "./lab.schema.json". Validation ignores it. Default: none (no completion in editors).',
      ),
    /** Stack name and prefix of every AWS name. @default "vpc-lab" */
    name: hinted(
      z.string().superRefine((value, ctx) => {
        if (value.length > MAX_STACK_NAME_LENGTH) {
          fail(
            ctx,
            `expected at most ${MAX_STACK_NAME_LENGTH} characters: names derived from it must fit IAM name_prefix (38 characters, e.g. "<name>-flow-logs-") and S3 bucket_prefix (37)`,
            `shorten it by ${value.length - MAX_STACK_NAME_LENGTH} characters`,
          );
        } else if (!/^[a-z][a-z0-9]*(-[a-z0-9]+)*$/.test(value)) {
          fail(
            ctx,
            "expected lowercase letters, digits and single hyphens, starting with a letter (it prefixes S3 bucket and IAM names)",
            'rename it, e.g. "vpc-lab"',
          );
        }
      }),
      { pattern: "^[a-z][a-z0-9]*(-[a-z0-9]+)*$", maxLength: MAX_STACK_NAME_LENGTH },
    ).describe(
      `The stack's name and the prefix of every AWS name: lowercase letters, digits and single hyphens, at most ${MAX_STACK_NAME_LENGTH} characters, so that derived names fit IAM name_prefix (38) and S3 bucket_prefix (37).`,
    ),
    /** AWS region: the bucket's, and every VPC's without a `region` of its own. @default "us-east-1" */
    region: regionCode.describe("The AWS region: the bucket's, and every VPC's without a region of its own."),
    /**
     * Other AWS accounts that VPCs live in (`vpcs[].account`), by name: Terraform assumes each
     * one's role through a provider alias of its own. @default {}
     */
    accounts: z
      .record(accountName, AccountSchema)
      .default({})
      .describe(
        "Other AWS accounts that VPCs live in (vpcs[].account), by name: Terraform assumes each one's role through a provider alias of its own. Names: 1-16 lowercase letters, digits and hyphens, not shaped like a region.",
      ),
    /**
     * How EC2 Instance Connect reaches the instances: `"public-ip"` through an Elastic IP on each
     * instance, or `"endpoint"` through an EC2 Instance Connect Endpoint in each VPC with an
     * instance (no public address at all). @default "public-ip"
     */
    instanceConnect: z
      .enum(["public-ip", "endpoint"])
      .default("public-ip")
      .describe(
        'How EC2 Instance Connect reaches the instances: "public-ip" (an Elastic IP per instance, SSH from the Instance Connect prefix list and sshCidrs) or "endpoint" (an EC2 Instance Connect Endpoint per VPC with an instance, no public address).',
      ),
    /**
     * Extra provider default tags, beside Project and ManagedBy. Keys and values follow the rules
     * that hold across AWS services; they are checked on the raw document (see `tagIssues`),
     * because a record parse drops a key such as `__proto__`, a legal tag key. @default {}
     */
    tags: z
      .record(z.string(), z.string())
      .default({})
      .describe(
        "Tags added to every resource as provider default tags, beside Project and ManagedBy: at most 47; keys of 1-128 and values of 0-256 characters, of letters, digits, spaces and _ . : / = + - @; no aws: prefix.",
      ),
    /** Extra sources allowed to reach the instances on TCP 22. @default [] */
    sshCidrs: z
      .array(cidrBlock(0, 32, "SSH source"))
      .default([])
      .describe("Extra IPv4 blocks allowed to reach the instances on TCP 22 (your own address as a /32): at most 50."),
    /**
     * Must be true for an `sshCidrs` entry broader than a /8, or entries that together cover all
     * of IPv4 (0.0.0.0/1 + 128.0.0.0/1 is the whole internet too). @default false
     */
    allowSshFromAnywhere: z
      .boolean()
      .default(false)
      .describe(
        "Must be true for an sshCidrs entry broader than a /8, or for entries that together cover all of IPv4 (0.0.0.0/1 + 128.0.0.0/1 is the whole internet too).",
      ),
    vpcs: z
      .array(VpcSchema)
      .min(1)
      .describe("The lab's VPCs, each with a public subnet and (unless instance is false) an instance. At most 200."),
    /** @default every pair of VPCs (when `vpcs` is given without `peerings`) */
    peerings: z
      .array(PeeringSchema)
      .optional()
      .describe(
        "Peerings between VPCs, by name. Default: every pair of VPCs when vpcs is given without peerings (the requester is the VPC whose name sorts first).",
      ),
    /** Preview the plan without an AWS account. @default false */
    offline: z.boolean().default(false).describe("Preview the plan without an AWS account: lookups use offlineValues, and deploy refuses."),
    offlineValues: OfflineValuesSchema.default({}).describe("The values offline mode uses in place of AWS lookups."),
    /** Chapter 2; `false` turns flow logs off. */
    flowLogs: z
      .union([z.literal(false), FlowLogsSchema])
      .default({})
      .describe("Chapter 2: VPC flow logs to CloudWatch Logs, a least-privilege role and three saved queries; false leaves them out."),
    /** Chapters 3 and 4; `false` leaves the bucket and endpoints out. */
    s3: z
      .union([z.literal(false), S3Schema])
      .default({})
      .describe("Chapters 3 and 4: a private bucket reached through S3 gateway endpoints, and instance roles; false leaves them out."),
    /** Reachability expectations that add to or override the ones derived from the config. @default [] */
    expect: z
      .array(ExpectationSchema)
      .default([])
      .describe("Reachability expectations that add to or override the ones derived from the configuration."),
    /** How `npm run synth` and `npm run check` judge the analysis. @default { "strict": false } */
    analysis: z
      .object({
        /** Fail on `unknown` verdicts too (as `npm run check -- --strict` does). @default false */
        strict: z.boolean().default(false).describe("Fail on unknown verdicts too (as check --strict does)."),
      })
      .strict()
      .default({})
      .describe("How synth and check judge the analysis."),
    /**
     * Earlier names of the lab, the first being the one its resources and state were created
     * with: AWS-side names and the state location keep using it. @default []
     */
    previousNames: previousNames(z.string(), "the lab (its state location keeps using the first too)"),
    /** Where Terraform keeps state. @default { "type": "local" } */
    backend: BackendSchema.default({ type: "local" }),
    /**
     * Environments, each a stack `<name>-<env>` with its own state: each value overrides fields of
     * this configuration (objects merge, lists and values replace). With environments, only they
     * are stacks. @default none
     */
    environments: z
      .record(z.string(), z.record(z.string(), z.unknown()))
      .optional()
      .describe(
        "Environments, each a stack <name>-<env> with its own state: each value overrides fields of this configuration (objects merge key by key, lists and values replace). With environments, only they are stacks. Default: none (one stack, the lab).",
      ),
  })
  .strict();

/** The configuration as a user writes it (defaults not yet applied). */
export type LabConfigInput = z.input<typeof LabConfigSchema>;
type Parsed = z.output<typeof LabConfigSchema>;
/** A VPC of the lab. */
export type VpcConfig = Parsed["vpcs"][number];
/** An instance of the lab. */
export type InstanceConfig = Exclude<VpcConfig["instance"], false>;
/** A peering between two lab VPCs, by name. */
export type PeeringConfig = z.output<typeof PeeringSchema>;
/** Flow log settings (chapter 2). */
export type FlowLogsConfig = z.output<typeof FlowLogsSchema>;
/** Bucket and endpoint settings (chapters 3 and 4). */
export type S3Config = z.output<typeof S3Schema>;
/** A reachability expectation. */
export type Expectation = z.output<typeof ExpectationSchema>;
/** Values used in place of AWS lookups in offline mode. */
export type OfflineValues = z.output<typeof OfflineValuesSchema>;

/**
 * A VPC of the lab, resolved: `physicalName` is what AWS-side names derive from (`previousNames[0]`,
 * else `name`), and `region` is always set (the lab's region unless the VPC names its own).
 */
export type ResolvedVpcConfig = Omit<VpcConfig, "region"> & { readonly physicalName: string; readonly region: string };
/** An account of `accounts`, resolved: its id comes from the role ARN. */
export interface AccountConfig {
  readonly roleArn: string;
  readonly accountId: string;
}
/** How EC2 Instance Connect reaches the instances. */
export type InstanceConnectMode = Parsed["instanceConnect"];
/** Where Terraform keeps state. */
export type BackendConfig = z.output<typeof BackendSchema>;
/** Ids of hand-built resources a VPC adopts. */
export type VpcImportConfig = z.output<typeof VpcImportSchema>;

/**
 * The validated configuration of one stack, as every construct reads it: peerings are resolved,
 * environments are applied (one LabConfig per environment), and the names that AWS-side names
 * and the state location derive from are worked out.
 */
export type LabConfig = Omit<Parsed, "$schema" | "peerings" | "environments" | "vpcs" | "accounts"> & {
  readonly vpcs: readonly ResolvedVpcConfig[];
  /** Other accounts by name, sorted. */
  readonly accounts: Readonly<Record<string, AccountConfig>>;
  readonly peerings: readonly PeeringConfig[];
  /** The environment this stack is, when the configuration has `environments`. */
  readonly environment?: string;
  /**
   * The name AWS-side names (bucket and IAM prefixes, log groups, security groups) and the default
   * state location derive from: the lab's first name (`previousNames[0]`), so a rename replaces
   * nothing. With environments: `<first name>-<env>`.
   */
  readonly physicalName: string;
};
