export * from "./config-error";
export * from "./contexts";
export * from "./default-config";
export * from "./instance-architecture";
export * from "./load-config";
export * from "./schema";
export * from "./resolve-lab";
