export * from "./accounts";
export * from "./api-keys";
export * from "./bots";
export * from "./journal";
export * from "./rate-limits";
export * from "./flows";
export * from "./runtime";
export * from "./commerce";
