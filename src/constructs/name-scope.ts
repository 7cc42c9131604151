import type { IConstruct } from "constructs";
import { Construct } from "constructs";

/**
 * Lets a construct hold children with any ID, `constructor` included. constructs 10.4 keeps a
 * node's children in a plain object and tests `children[id]`, so a child named after a property
 * of `Object.prototype` (a VPC, account or stack named `constructor`) is refused with "There is
 * already a Construct with name 'constructor'". Giving that table no prototype makes every ID an
 * ordinary key; nothing else about the node changes.
 *
 * It reaches into the library's private `_children` field, so it checks the field is there: a
 * version of constructs that keeps children otherwise fails here, loudly, instead of silently.
 */
export function acceptAnyChildName(construct: IConstruct): void {
  const node = construct.node as unknown as { _children?: unknown };
  const children = node._children;
  if (typeof children !== "object" || children === null || Array.isArray(children))
    throw new Error("acceptAnyChildName: this version of constructs keeps no _children object; review src/constructs/name-scope.ts");
  Object.setPrototypeOf(children, null);
}

/**
 * A container of constructs whose IDs are names a user chose (VPCs, contexts): any name is
 * accepted as an ID (see {@link acceptAnyChildName}).
 */
export class NameScope extends Construct {
  public constructor(scope: Construct, id: string) {
    super(scope, id);
    acceptAnyChildName(this);
  }
}
