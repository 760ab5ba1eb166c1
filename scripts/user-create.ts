// `npm run user:create -- --email E --password P --role member|connector|admin [--name N]`
import { databasePathSetting } from "../app/config.server";
// Creates (or updates) an account; used to make the first admin.
import { parseArgs } from "node:util";
import { z } from "zod";
import { openDatabase, migrate } from "../db/index";
import { ROLES } from "../app/core/access-policy";
import { upsertUser } from "../app/features/accounts/users.server";
import { accountSchema } from "../app/core/account";

const { values } = parseArgs({
  options: { email: { type: "string" }, password: { type: "string" }, role: { type: "string" }, name: { type: "string" } },
  strict: true,
});

const parsed = accountSchema
  .extend({ role: z.enum(ROLES, { errorMap: () => ({ message: `must be one of: ${ROLES.join(", ")}` }) }) })
  .safeParse({ email: values.email ?? "", password: values.password ?? "", role: values.role ?? "", name: values.name ?? "" });
if (!parsed.success) {
  for (const issue of parsed.error.issues) console.error(`--${issue.path.join(".")} ${issue.message}`);
  console.error("Usage: npm run user:create -- --email E --password P --role member|connector|admin [--name N]");
  process.exit(2);
}
const db = openDatabase(databasePathSetting());
await migrate(db);
const { user, created } = await upsertUser(db, parsed.data);
console.log(`${created ? "Created" : "Updated"} ${user.role} account ${user.email}.`);
await db.kysely.destroy();
