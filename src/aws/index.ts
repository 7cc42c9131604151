export * from "./flow-log-fields";
export * from "./ipv4-cidr";
export * from "./regions";
export * from "./service-names";
export * from "./ssh-breadth";
export * from "./tags";
export * from "./vpc-quotas";
