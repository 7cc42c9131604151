/**
 * cdktf 0.21's HCL renderer writes the entries of `depends_on` and `lifecycle.ignore_changes`, and
 * a resource's `provider` meta-argument, as quoted strings (`depends_on = ["aws_internet_gateway.vpc1"]`,
 * `ignore_changes = ["ami"]`, `provider = "aws.eu-west-1"`), which Terraform accepts with a "Quoted
 * references are deprecated" warning. This rewrites them as bare references, so that the
 * `cdktf synth --hcl` exit path validates without warnings.
 */
export function unquoteReferenceLists(hcl: string): string {
  return hcl
    .replace(/((?:depends_on|ignore_changes)\s*=\s*\[)([^\]]*)\]/g, (_match, head: string, body: string) => {
      const unquoted = body.replace(/"((?:data\.)?[a-z][a-z0-9_]*(?:\.[A-Za-z_][A-Za-z0-9_-]*)?)"/g, "$1");
      return `${head}${unquoted}]`;
    })
    .replace(/^(\s*provider\s*=\s*)"(aws\.[A-Za-z][A-Za-z0-9_-]*)"$/gm, "$1$2");
}

/**
 * cdktf 0.21's HCL renderer writes the terraform block's plain attributes by their list index
 * (`0 = "required_version"`: it passes the attribute names, not the attributes, to the renderer),
 * which Terraform rejects. This writes each as `name = value`, with the values from the stack's
 * JSON form.
 */
export function renderTerraformBlockAttributes(hcl: string, terraformBlock: Readonly<Record<string, unknown>>): string {
  return hcl.replace(/^(\s*)\d+ = "([a-z_]+)"$/gm, (line, indent: string, name: string) => {
    const value = terraformBlock[name];
    return typeof value === "string" ? `${indent}${name} = ${JSON.stringify(value)}` : line;
  });
}
