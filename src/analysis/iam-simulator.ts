import type * as IamSimulate from "@cloud-copilot/iam-simulate";

/** An IAM policy document as JSON (`{ Version, Statement }`). */
export type PolicyJson = { readonly Version: string; readonly Statement: readonly Record<string, unknown>[] };

/** One question for the simulator: who asks for what, with which policies in force. */
export interface SimulatorRequest {
  /** The calling principal (a role session ARN, a user ARN or the account's root ARN). */
  readonly principal: string;
  readonly action: string;
  readonly resource: string;
  /** The account that owns the resource: another account than the principal's makes IAM require a resource-policy grant. */
  readonly resourceAccount: string;
  readonly context: Readonly<Record<string, string>>;
  readonly identityPolicies: readonly PolicyJson[];
  readonly permissionBoundary?: PolicyJson;
  readonly resourcePolicy?: PolicyJson;
}

/** The simulator's decision. */
export type SimulatorResult = "Allowed" | "ExplicitlyDenied" | "ImplicitlyDenied";

let simulator: typeof IamSimulate | undefined;
const cost = { loadMs: 0, evaluations: 0, evaluationMs: 0 };

/**
 * `@cloud-copilot/iam-simulate`, loaded on first use: a lab whose paths never need IAM (no
 * bucket) does not pay for it. Its synchronous entry point evaluates without validation and
 * without the service catalogue (which it reads from files, and which the bundle does not carry).
 */
function load(): typeof IamSimulate {
  if (!simulator) {
    const started = performance.now();
    // A require, not an import: it runs only when a path needs IAM (esbuild keeps it lazy too).
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    simulator = require("@cloud-copilot/iam-simulate") as typeof IamSimulate;
    cost.loadMs = performance.now() - started;
  }
  return simulator;
}

/** What the simulator has cost this process so far: loading it, and its evaluations (count and time). */
export function simulatorCost(): { readonly loadMs: number; readonly evaluations: number; readonly evaluationMs: number } {
  return { ...cost };
}

/** Asks the simulator: the same-account or cross-account evaluation IAM would make. */
export function simulate(request: SimulatorRequest): SimulatorResult {
  const simulation = load();
  const started = performance.now();
  try {
    return evaluate(simulation, request);
  } finally {
    cost.evaluations++;
    cost.evaluationMs += performance.now() - started;
  }
}

function evaluate(simulation: typeof IamSimulate, request: SimulatorRequest): SimulatorResult {
  return simulation.runUnsafeSimulation(
    {
      request: {
        principal: request.principal,
        action: request.action,
        resource: { resource: request.resource, accountId: request.resourceAccount },
        contextVariables: { ...request.context },
      },
      identityPolicies: request.identityPolicies.map((policy, index) => ({ name: `identity-${index}`, policy })),
      serviceControlPolicies: [],
      resourceControlPolicies: [],
      permissionBoundaryPolicies: request.permissionBoundary ? [{ name: "boundary", policy: request.permissionBoundary }] : undefined,
      // 0.1.173's runUnsafeSimulation loads the resource policy without a name and then crashes
      // reading it (`metadata().name`); a pre-validated policy carries its name through `loadPolicy`.
      resourcePolicy: request.resourcePolicy
        ? { __validated: true, errors: [], metadata: { name: "resource" }, policyDocument: request.resourcePolicy }
        : undefined,
    },
    {},
  );
}
