// Serve an already-built site (used by the tests and the benchmark): `tsx scripts/serve.ts`.
import { ConfigError, loadConfig } from "../app/config.server";
import { startServer } from "./server";

try {
  const config = loadConfig();
  process.env.DATABASE_PATH = config.databasePath;
  process.env.SESSION_SECRET = config.sessionSecret;
  await startServer(config, config.host ?? "127.0.0.1");
  console.log(`listening on ${config.port}`);
} catch (e) {
  console.error(e instanceof ConfigError ? `Cannot start: ${e.message}.` : e);
  process.exit(1);
}
