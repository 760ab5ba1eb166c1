// `npm start`: check configuration, migrate, import the demo data when the database is empty,
// build when needed, and serve the site.
import { ConfigError, loadConfig } from "../app/config.server";
import { openDatabase, migrate } from "../db/index";
import { buildIfNeeded } from "./build-if-needed";

async function main() {
  const started = Date.now();
  let config;
  try {
    config = loadConfig();
  } catch (e) {
    if (e instanceof ConfigError) {
      console.error(`Cannot start: ${e.message}.`);
      process.exit(1);
    }
    throw e;
  }
  process.env.DATABASE_PATH = config.databasePath;
  process.env.SESSION_SECRET = config.sessionSecret;

  const db = openDatabase(config.databasePath);
  const applied = await migrate(db);
  if (applied.length) console.log(`Migrated the database: ${applied.join(", ")}`);
  const count = (db.sqlite.prepare("SELECT COUNT(*) FROM assets").pluck().get() as number) ?? 0;
  if (count === 0) {
    console.log("The database is empty: importing the demo data from ../shared/data …");
    const { contextFor } = await import("../app/server/context.server");
    const { importDemoData } = await import("../app/features/imports/demo.server");
    const summary = await importDemoData(await contextFor(db), { log: (line) => console.log(`  ${line}`) });
    console.log(`Imported ${summary.totals.created} assets in ${(summary.durationMs / 1000).toFixed(1)} s.`);
  } else {
    console.log(`Using the existing database (${count} assets) at ${config.databasePath}`);
  }
  await db.kysely.destroy();

  buildIfNeeded();
  const { startServer } = await import("./server");
  await startServer(config, config.host ?? "0.0.0.0");
  console.log(`Real Wealth is ready on http://localhost:${config.port} (started in ${((Date.now() - started) / 1000).toFixed(1)} s)`);
}

main().catch((e) => {
  console.error(e instanceof Error ? e.message : e);
  process.exit(1);
});
