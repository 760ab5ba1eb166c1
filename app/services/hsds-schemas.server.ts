// Moved to app/features/hsds/schemas.server.ts (issue 10). Kept only for the HSDS import
// (app/services/import/hsds.server.ts, scripts/import.ts), which its owners move; delete then.
export * from "../features/hsds/schemas.server";
