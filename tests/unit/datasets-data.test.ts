// Datasets, their attribution lines under a page of listings, and the reference tables, against a
// real SQLite file.
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { attributionFor } from "../../app/features/directory/attribution.server";
import { findDatasetTitle, registerDataset } from "../../app/features/directory/datasets.data.server";
import { seedReferenceData } from "../../app/features/directory/reference.server";
import { CATEGORIES } from "../../app/core/taxonomy";
import { addAsset, openTestDb, type TestDb } from "../helpers/data-db";

let t: TestDb;

beforeEach(async () => {
  t = await openTestDb();
});
afterEach(() => t.close());

describe("registering a dataset", () => {
  it("records its line with the number of its listings, and refreshes it on a repeat", async () => {
    await addAsset(t.db, { source: "libs" });
    await addAsset(t.db, { source: "libs" });
    await registerDataset(t.db.kysely, { source: "libs", title: "Libraries", licence: "OGL", attribution: "Council" }, new Date("2026-01-01T00:00:00Z"));
    await addAsset(t.db, { source: "libs" });
    await registerDataset(t.db.kysely, { source: "libs", title: "Libraries 2026", licence: "OGL", attribution: "Council", url: "https://x.test" }, new Date("2026-02-01T00:00:00Z"));
    const rows = await t.db.kysely.selectFrom("datasets").selectAll().execute();
    expect(rows).toEqual([
      { source: "libs", title: "Libraries 2026", licence: "OGL", attribution: "Council", url: "https://x.test", imported_at: "2026-02-01T00:00:00.000Z", row_count: 3 },
    ]);
    expect(await findDatasetTitle(t.db.kysely, "libs")).toBe("Libraries 2026");
    expect(await findDatasetTitle(t.db.kysely, "none")).toBeNull();
  });

  it("joins the caller's transaction: rolled back with it", async () => {
    await expect(
      t.db.kysely.transaction().execute(async (tx) => {
        await registerDataset(tx, { source: "gone", title: "Gone", licence: "OGL", attribution: "x" });
        throw new Error("stop");
      }),
    ).rejects.toThrow("stop");
    expect(await findDatasetTitle(t.db.kysely, "gone")).toBeNull();
  });
});

describe("attribution under a page", () => {
  it("gives each dataset's line once, by title, with the source key when the dataset is unknown", async () => {
    await registerDataset(t.db.kysely, { source: "libs", title: "Libraries", licence: "OGL", attribution: "Council" });
    const a = await addAsset(t.db, { source: "libs", attribution: "Council" });
    const b = await addAsset(t.db, { source: "libs", attribution: "Council" });
    const c = await addAsset(t.db, { source: "anon", attribution: "Someone", licence: "ODbL" });
    const out = await attributionFor(t.db, [a.id, b.id, c.id], { postcodes: true });
    expect(out.lines).toEqual([
      { title: "Libraries", attribution: "Council", licence: "OGL" },
      { title: "anon", attribution: "Someone", licence: "ODbL" },
    ]);
    expect(out.extra).toEqual([expect.stringMatching(/^Postcode locations: Contains OS data/)]);
    expect(await attributionFor(t.db, [])).toEqual({ lines: [], extra: [] });
  });
});

describe("reference data", () => {
  it("writes the categories and access features of the taxonomy, and again without harm", async () => {
    await seedReferenceData(t.db);
    await seedReferenceData(t.db);
    const n = await t.db.kysely.selectFrom("categories").select((eb) => eb.fn.countAll<number>().as("n")).executeTakeFirstOrThrow();
    expect(Number(n.n)).toBe(CATEGORIES.length);
    const f = await t.db.kysely.selectFrom("access_features").select("code").execute();
    expect(f.length).toBeGreaterThan(0);
  });
});
