// `npm run migrate`: bring the database at DATABASE_PATH up to the latest schema.
import { databasePathSetting } from "../app/config.server";
import { openDatabase, migrate } from "../db/index";

const db = openDatabase(databasePathSetting());
const applied = await migrate(db);
console.log(applied.length ? `Applied: ${applied.join(", ")}` : "The database is up to date.");
await db.kysely.destroy();
