import type { TerraformStack } from "cdktf";
import { CloudBackend, LocalBackend, NamedCloudWorkspace, S3Backend, TaggedCloudWorkspaces } from "cdktf";
import { isAbsolute } from "node:path";
import type { StateLocation } from "../config/backend";

/**
 * The Terraform version the chosen features need: `import` blocks and the `cloud` block's
 * `project` need 1.5; S3 native locking (`use_lockfile`) is generally available from 1.11.
 */
export function requiredTerraformVersion(location: StateLocation): string {
  return location.type === "s3" && location.useLockfile ? ">= 1.11.0" : ">= 1.5.0";
}

/**
 * Configures where the stack keeps its state (the model's `stateLocation`) and the Terraform version it
 * needs. A local state path is written relative to the stack directory (`cdktf.out/stacks/<stack>/`),
 * so that no absolute path of this machine leaks into the synthesized JSON and the state sits at
 * the project root, outside cdktf.out.
 */
export function addLabBackend(stack: TerraformStack, location: StateLocation): void {
  switch (location.type) {
    case "local":
      new LocalBackend(stack, { path: isAbsolute(location.path) ? location.path : `../../../${location.path}` });
      break;
    case "s3": {
      new S3Backend(stack, {
        bucket: location.bucket,
        key: location.key,
        region: location.region,
        encrypt: location.encrypt,
        ...(location.kmsKeyId === undefined ? {} : { kmsKeyId: location.kmsKeyId }),
        ...(location.roleArn === undefined ? {} : { assumeRole: { roleArn: location.roleArn } }),
      });
      // cdktf 0.21's S3Backend has no use_lockfile (Terraform 1.10+); DynamoDB locking, which it
      // does have, is deprecated by Terraform, so it is not offered.
      if (location.useLockfile) stack.addOverride("terraform.backend.s3.use_lockfile", true);
      break;
    }
    case "cloud":
      new CloudBackend(stack, {
        organization: location.organization,
        hostname: location.hostname,
        workspaces:
          location.workspace !== undefined
            ? new NamedCloudWorkspace(location.workspace, location.project)
            : new TaggedCloudWorkspaces([...(location.workspaceTags ?? [])], location.project),
      });
      break;
  }
  stack.addOverride("terraform.required_version", requiredTerraformVersion(location));
}
