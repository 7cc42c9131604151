import type { LabConfig } from "./schema";

/** Where a stack's state lives, resolved from `backend`, the stack's physical name and `offline`. */
export type StateLocation =
  | { readonly type: "local"; readonly path: string }
  | {
      readonly type: "s3";
      readonly bucket: string;
      readonly key: string;
      readonly region: string;
      readonly encrypt: boolean;
      readonly useLockfile: boolean;
      readonly kmsKeyId?: string;
      readonly roleArn?: string;
    }
  | {
      readonly type: "cloud";
      readonly organization: string;
      readonly workspace?: string;
      readonly workspaceTags?: readonly string[];
      readonly project?: string;
      readonly hostname: string;
    };

/**
 * The state location of a stack. Defaults derive from the physical name (the lab's first name,
 * plus the environment), so renaming the lab keeps its state where it is: `moved` blocks cannot
 * cross state files. An offline preview always keeps its own local file, so that it never touches
 * the state of real deploys.
 */
export function stateLocationOf(config: Pick<LabConfig, "backend" | "offline" | "physicalName" | "region">): StateLocation {
  const { backend, physicalName } = config;
  if (config.offline) return { type: "local", path: `terraform.${physicalName}.offline-preview.tfstate` };
  switch (backend.type) {
    case "local":
      return { type: "local", path: backend.path ?? `terraform.${physicalName}.tfstate` };
    case "s3":
      return {
        type: "s3",
        bucket: backend.bucket,
        key: backend.key ?? `${physicalName}/terraform.tfstate`,
        region: backend.region ?? config.region,
        encrypt: backend.encrypt,
        useLockfile: backend.useLockfile,
        ...(backend.kmsKeyId === undefined ? {} : { kmsKeyId: backend.kmsKeyId }),
        ...(backend.roleArn === undefined ? {} : { roleArn: backend.roleArn }),
      };
    case "cloud":
      return {
        type: "cloud",
        organization: backend.organization,
        ...(backend.workspace === undefined ? {} : { workspace: backend.workspace }),
        ...(backend.workspaceTags === undefined ? {} : { workspaceTags: backend.workspaceTags }),
        ...(backend.project === undefined ? {} : { project: backend.project }),
        hostname: backend.hostname ?? "app.terraform.io",
      };
  }
}

/** The state location in one line, for reports: a path, `s3://bucket/key`, or `<host>/<org>/<workspace>`. */
export function describeStateLocation(config: Pick<LabConfig, "backend" | "offline" | "physicalName" | "region">): string {
  const location = stateLocationOf(config);
  switch (location.type) {
    case "local":
      return location.path;
    case "s3":
      return `s3://${location.bucket}/${location.key}`;
    case "cloud":
      return `${location.hostname}/${location.organization}/${location.workspace ?? `tags:${(location.workspaceTags ?? []).join(",")}`}`;
  }
}
