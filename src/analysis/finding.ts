/** A finding about the synthesized Terraform that is not a path verdict. */
export interface Finding {
  /** `error` fails `npm run check`; `warning` is reported only. */
  readonly severity: "error" | "warning";
  readonly code: string;
  /** The resource address the finding is about. */
  readonly component: string;
  readonly message: string;
}
