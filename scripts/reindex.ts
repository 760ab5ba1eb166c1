// `npm run reindex`: rebuild the search index from the assets table (the source of truth).
import { databasePathSetting } from "../app/config.server";
import { openDatabase, migrate } from "../db/index";
import { contextFor } from "../app/server/context.server";

const db = openDatabase(databasePathSetting());
await migrate(db);
const ctx = await contextFor(db);
const started = Date.now();
const n = await ctx.index.rebuild();
console.log(`Rebuilt the ${ctx.index.name} index: ${n} assets in ${((Date.now() - started) / 1000).toFixed(1)} s.`);
await db.kysely.destroy();
