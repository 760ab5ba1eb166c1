// The suggestions data module (app/features/suggestions/suggestions.data.server.ts) against a
// real SQLite file: what a suggestion is read with, the queue orders, the counts, and a decision
// recorded only once.
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { SUGGESTION_SOURCE } from "../../app/core/suggestion";
import {
  countSuggestions,
  findSuggestion,
  insertSuggestion,
  listDecidedSuggestions,
  listPendingSuggestions,
  markDecided,
  type NewSuggestion,
} from "../../app/features/suggestions/suggestions.data.server";
import { addAsset, addUser, openTestDb, type TestDb } from "../helpers/data-db";

let t: TestDb;

const suggestion = (id: string, over: Partial<NewSuggestion> = {}): NewSuggestion => ({
  id,
  asset_id: null,
  payload: JSON.stringify({ name: `New ${id}` }),
  message: `Message ${id}`,
  contact_email: null,
  submitted_by: null,
  status: "pending",
  created_at: "2026-03-01T10:00:00.000Z",
  ...over,
});

beforeEach(async () => {
  t = await openTestDb();
});
afterEach(() => t.close());

describe("suggestions data module", () => {
  it("reads a suggestion with its listing's name, the reviewer's name (else email) and the asset it became", async () => {
    const asset = await addAsset(t.db, { name: "Library" });
    await addUser(t.db, "named", { name: "Ann" });
    await addUser(t.db, "nameless", { name: "", email: "bob@t.test" });
    await insertSuggestion(t.db.kysely, suggestion("s1", { asset_id: asset.id, status: "rejected", reviewed_by: "named", reviewed_at: "2026-03-02" }));
    await insertSuggestion(t.db.kysely, suggestion("s2", { status: "approved", reviewed_by: "nameless", reviewed_at: "2026-03-03" }));
    const made = await addAsset(t.db, { source: SUGGESTION_SOURCE, source_id: "s2" });

    expect(await findSuggestion(t.db.kysely, "s1")).toMatchObject({ asset_name: "Library", reviewer_name: "Ann", created_asset_id: null });
    expect(await findSuggestion(t.db.kysely, "s2")).toMatchObject({ asset_name: null, reviewer_name: "bob@t.test", created_asset_id: made.id });
    expect(await findSuggestion(t.db.kysely, "none")).toBeUndefined();
  });

  it("lists pending oldest first with the listing's current fields, and decisions newest first", async () => {
    const asset = await addAsset(t.db, { name: "Hall", postcode: "M33 7XX", opening_hours: "Mo 09:00-12:00", opening_hours_text: null });
    await insertSuggestion(t.db.kysely, suggestion("late", { created_at: "2026-03-05" }));
    await insertSuggestion(t.db.kysely, suggestion("early", { asset_id: asset.id, created_at: "2026-03-01" }));
    await insertSuggestion(t.db.kysely, suggestion("d1", { status: "approved", reviewed_at: "2026-03-02" }));
    await insertSuggestion(t.db.kysely, suggestion("d2", { status: "rejected", reviewed_at: "2026-03-04" }));

    const pending = await listPendingSuggestions(t.db.kysely, 100);
    expect(pending.map((p) => p.id)).toEqual(["early", "late"]);
    expect(pending[0]).toMatchObject({ asset_name: "Hall", asset_postcode: "M33 7XX", asset_opening_hours: "Mo 09:00-12:00" });
    expect(pending[1]).toMatchObject({ asset_name: null, asset_postcode: null });
    expect((await listPendingSuggestions(t.db.kysely, 1)).map((p) => p.id)).toEqual(["early"]);
    expect((await listDecidedSuggestions(t.db.kysely, 20)).map((p) => p.id)).toEqual(["d2", "d1"]);
  });

  it("counts pending new listings and corrections, approved and rejected (all zero when empty)", async () => {
    expect(await countSuggestions(t.db.kysely)).toEqual({ pending: 0, pending_new: 0, pending_corrections: 0, approved: 0, rejected: 0 });
    const asset = await addAsset(t.db);
    await insertSuggestion(t.db.kysely, suggestion("a"));
    await insertSuggestion(t.db.kysely, suggestion("b", { asset_id: asset.id }));
    await insertSuggestion(t.db.kysely, suggestion("c", { asset_id: asset.id }));
    await insertSuggestion(t.db.kysely, suggestion("d", { status: "approved" }));
    await insertSuggestion(t.db.kysely, suggestion("e", { status: "rejected" }));
    expect(await countSuggestions(t.db.kysely)).toEqual({ pending: 3, pending_new: 1, pending_corrections: 2, approved: 1, rejected: 1 });
  });

  it("records a decision once: the second, async or not, finds it already decided", async () => {
    await addUser(t.db, "r");
    await insertSuggestion(t.db.kysely, suggestion("s"));
    const d = { id: "s", status: "rejected" as const, reason: "Duplicate", reviewed_by: "r", reviewed_at: "2026-03-09T00:00:00.000Z" };
    expect(await markDecided(t.db.kysely, d)).toBe(true);
    expect(await markDecided(t.db.kysely, { ...d, status: "approved" })).toBe(false);
    expect(await findSuggestion(t.db.kysely, "s")).toMatchObject({ status: "rejected", reason: "Duplicate", reviewed_by: "r", reviewed_at: d.reviewed_at });

    await insertSuggestion(t.db.kysely, suggestion("s2"));
    expect(await markDecided(t.db.kysely, { ...d, id: "s2", status: "approved", reason: null })).toBe(true);
    expect((await findSuggestion(t.db.kysely, "s2"))?.status).toBe("approved");
  });

  it("a decision inside a transaction that fails later leaves the suggestion pending", async () => {
    await addUser(t.db, "r");
    await insertSuggestion(t.db.kysely, suggestion("s"));
    await expect(
      t.db.kysely.transaction().execute(async (tx) => {
        await markDecided(tx, { id: "s", status: "approved", reason: null, reviewed_by: "r", reviewed_at: "2026-03-09" });
        throw new Error("the asset write failed");
      }),
    ).rejects.toThrow("the asset write failed");
    expect((await findSuggestion(t.db.kysely, "s"))?.status).toBe("pending");
  });
});
