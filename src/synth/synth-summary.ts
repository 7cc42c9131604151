/** Terraform JSON as cdktf writes it (only the parts the summary reads). */
interface TerraformJson {
  readonly resource?: Record<string, Record<string, unknown>>;
  readonly data?: Record<string, Record<string, unknown>>;
  readonly output?: Record<string, unknown>;
}

/** A short, human summary of a synthesized stack: path, then resource counts by type. */
export function summarizeStack(stackName: string, path: string, terraform: TerraformJson): string {
  const counts = Object.entries(terraform.resource ?? {})
    .map(([type, resources]) => [type, Object.keys(resources).length] as const)
    .sort(([a], [b]) => a.localeCompare(b));
  const total = counts.reduce((sum, [, n]) => sum + n, 0);
  const width = Math.max(...counts.map(([type]) => type.length), 0);
  const dataSources = Object.values(terraform.data ?? {}).reduce((sum, byName) => sum + Object.keys(byName).length, 0);
  return [
    `Synthesized stack "${stackName}" -> ${path}`,
    `  ${total} resources, ${dataSources} data sources, ${Object.keys(terraform.output ?? {}).length} outputs`,
    ...counts.map(([type, n]) => `    ${type.padEnd(width)}  ${n}`),
  ].join("\n");
}
