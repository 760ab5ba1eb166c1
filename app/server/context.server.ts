// The process-wide database and search index.
import { getDb, type Db } from "../../db/index";
import { getConfig, searchSettings } from "../config.server";
import { createSearchIndex, type SearchIndex } from "../../search/index";
import { seedReferenceData } from "../features/directory/reference.server";

export interface Context {
  db: Db;
  index: SearchIndex;
}

let ready: Promise<Context> | null = null;

export function getContext(): Promise<Context> {
  if (!ready) {
    ready = (async () => {
      const db = await getDb(getConfig().databasePath);
      await seedReferenceData(db);
      const index = await createSearchIndex(db, getConfig());
      return { db, index };
    })();
    ready.catch(() => {
      ready = null;
    });
  }
  return ready;
}

/** For scripts and tests: a context over a given database. */
export async function contextFor(db: Db): Promise<Context> {
  await seedReferenceData(db);
  return { db, index: await createSearchIndex(db, searchSettings()) };
}
