// LEGACY (issue 10): what profiles.server.ts, access.server.ts and plan-costs.server.ts still
// import from here. Accounts, sessions and passwords are in app/features/accounts/, the request
// checks in app/server/auth.server.ts; delete this file when those three move.
export type { User } from "../features/accounts/users.data.server";
export { getUserByEmail } from "./accounts.server";
