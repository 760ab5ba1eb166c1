// The budget calculator (issue 5): questionnaires as versioned data, the estimate with its
// working, version rules, and the costing of a support plan. Pure functions, no I/O.
export * from "./types";
export * from "./labels";
export * from "./estimate";
export * from "./config";
export * from "./costing";
export * from "./agreed";
export * from "./plan-costs";
export { SEED_ADULT, SEED_CHILD, SEED_CONFIGS } from "./seed";
