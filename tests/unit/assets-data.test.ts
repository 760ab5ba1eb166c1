// The asset data modules and write path against a real SQLite file (no mocks): optimistic
// versions, all-or-nothing writes with the search index, and batches that give what writing the
// records one by one would.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { migrate, openDatabase, type Db } from "../../db/index";
import { contextFor, type Context } from "../../app/server/context.server";
import { assetInputSchema, type AssetInput } from "../../app/core/asset";
import type { User } from "../../app/features/accounts/users.data.server";
import { ConflictError } from "../../app/server/errors";
import * as assets from "../../app/features/assets/assets.data.server";
import * as revisions from "../../app/features/assets/revisions.data.server";
import { findOrganisation } from "../../app/features/assets/organisations.data.server";
import { getAsset } from "../../app/features/assets/public-asset.server";
import { modifyAsset } from "../../app/features/assets/change-asset.server";
import { writeAssets, writeAssetsIn } from "../../app/features/assets/write-assets.server";
import type { SearchQuery } from "../../search/types";

let dir: string;
let db: Db;
let ctx: Context;
const SALE = { lat: 53.4246, lng: -2.3226 };
const connector: User = { id: "u-connector", email: "c@example.org", name: "Connie", role: "connector", area_postcode: null, area_lat: null, area_lng: null };

function asset(id: string, extra: Partial<AssetInput> = {}) {
  return assetInputSchema.parse({ source: "test", licence: "L", attribution: "A", source_id: id, kind: "community_group", name: `Asset ${id}`, ...SALE, ...extra });
}
const q = (words: string): SearchQuery => ({ q: words, radiusKm: 5, kinds: [], categories: [], access: [], free: false, limit: 20, page: 1 });
const count = (table: string) => db.sqlite.prepare(`SELECT COUNT(*) FROM ${table}`).pluck().get() as number;
const idOf = async (sourceId: string) => (await db.kysely.selectFrom("assets").select("id").where("source_id", "=", sourceId).executeTakeFirstOrThrow()).id;

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "rw-assets-data-"));
  db = openDatabase(path.join(dir, "test.db"));
  await migrate(db);
  ctx = await contextFor(db);
  db.sqlite.prepare("INSERT INTO users (id, email, name, password_hash, role, disabled, created_at, updated_at) VALUES (?, ?, ?, 'x', 'connector', 0, ?, ?)")
    .run(connector.id, connector.email, connector.name, new Date().toISOString(), new Date().toISOString());
});

afterAll(async () => {
  await db.kysely.destroy();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe("bumpVersion", () => {
  it("moves the version on only from the version the writer saw; a stale version returns false", async () => {
    await writeAssets(ctx, [asset("bump")]);
    const id = await idOf("bump");
    expect(await assets.bumpVersion(db.kysely, id, 1)).toBe(true);
    expect((await assets.findAsset(db.kysely, id))!.version).toBe(2);
    expect(await assets.bumpVersion(db.kysely, id, 1), "stale").toBe(false);
    expect((await assets.findAsset(db.kysely, id))!.version).toBe(2);
    expect(await assets.bumpVersion(db.kysely, "no-such-id", 1)).toBe(false);
  });
});

describe("a failed write", () => {
  it("inside the transaction leaves the record and the search index exactly as they were", async () => {
    await writeAssets(ctx, [asset("atomic", { name: "Marmalade knitting circle" })]);
    const id = await idOf("atomic");
    const before = await getAsset(db, id);
    const tables = ["assets", "asset_revisions", "asset_categories", "asset_access", "organisations", "asset_fts", "asset_rtree", "search_terms"];
    const counts = tables.map(count);
    await expect(
      db.kysely.transaction().execute(async (tx) => {
        const [o] = await writeAssetsIn(tx, ctx.index, [
          asset("atomic", { name: "Quokka juggling society", categories: ["football"], access: ["step_free"], organisation: { name: "Quokka Trust" } }),
          asset("atomic-new", { name: "Quokka rowing club" }),
        ]);
        expect(o.status).toBe("updated");
        // Inside the transaction the index already has the change...
        expect((await ctx.index.search(q("quokka"))).total).toBe(2);
        throw new Error("something later in the same transaction failed");
      }),
    ).rejects.toThrow(/later in the same transaction/);
    // ...and after the rollback neither the record nor the index has it.
    expect(await getAsset(db, id)).toEqual(before);
    expect(tables.map(count)).toEqual(counts);
    expect((await ctx.index.search(q("quokka"))).total).toBe(0);
    expect((await ctx.index.search(q("marmalade"))).results.map((h) => h.id)).toEqual([id]);
  });

  it("a change that fails validation writes nothing: no record, revision or index change", async () => {
    await writeAssets(ctx, [asset("invalid", { name: "Tangerine choir" })]);
    const id = await idOf("invalid");
    const before = await getAsset(db, id);
    const revs = await revisions.countRevisions(db.kysely, id);
    await expect(modifyAsset(ctx, connector, id, { action: "update" }, (current) => ({ ...current, name: "" }))).rejects.toThrow(/Please check/);
    expect(await getAsset(db, id)).toEqual(before);
    expect(await revisions.countRevisions(db.kysely, id)).toBe(revs);
    expect((await ctx.index.search(q("tangerine"))).total).toBe(1);
  });

  it("a stale version is a conflict carrying the current record, and nothing is written", async () => {
    await writeAssets(ctx, [asset("stale", { name: "Apricot walking group" })]);
    const id = await idOf("stale");
    await modifyAsset(ctx, connector, id, { action: "update", expectedVersion: 1 }, (current) => ({ ...current, name: "Apricot walking club" }));
    const err = await modifyAsset(ctx, connector, id, { action: "update", expectedVersion: 1 }, (current) => ({ ...current, name: "Lost update" })).catch((e) => e);
    expect(err).toBeInstanceOf(ConflictError);
    expect((err as ConflictError).current).toMatchObject({ id, name: "Apricot walking club", version: 2 });
    expect((await getAsset(db, id))!.name).toBe("Apricot walking club");
    expect((await ctx.index.search(q("lost update"))).total).toBe(0);
  });
});

describe("batches", () => {
  it("a record named twice in one batch is written twice in order, as one by one would", async () => {
    const out = await writeAssets(ctx, [asset("twice", { name: "Plum bakers first" }), asset("twice", { name: "Plum bakers second" }), asset("once")]);
    expect(out.map((o) => [o.status, o.version])).toEqual([["created", 1], ["updated", 2], ["created", 1]]);
    const id = await idOf("twice");
    expect((await getAsset(db, id))!.name).toBe("Plum bakers second");
    const page = await revisions.findRevisionPage(db.kysely, id, 10, 0);
    expect(page.map((r) => r.version)).toEqual([2, 1]);
    expect(JSON.parse(page[0].changes)).toEqual([{ field: "name", old: "Plum bakers first", new: "Plum bakers second" }]);
    expect((await ctx.index.search(q("plum"))).results.map((h) => h.id)).toEqual([id]);
  });

  it("assets of one organisation share one row; details given by any of them are kept", async () => {
    await writeAssets(ctx, [
      asset("org-a", { organisation: { name: "Damson Trust", website: "https://damson.example.org" } }),
      asset("org-b", { organisation: { name: "Damson Trust", phone: "0161 000 0000" } }),
    ]);
    const a = (await getAsset(db, await idOf("org-a")))!;
    const b = (await getAsset(db, await idOf("org-b")))!;
    expect(a.organisation!.id).toBe(b.organisation!.id);
    expect(await findOrganisation(db.kysely, a.organisation!.id)).toMatchObject({ name: "Damson Trust", website: "https://damson.example.org", phone: "0161 000 0000" });
  });

  it("reads the newest snapshot of many records at once as it reads one", async () => {
    const ids = [await idOf("twice"), await idOf("stale"), await idOf("once")];
    const many = await revisions.findLastSnapshots(db.kysely, ids);
    for (const id of ids) expect(many.get(id)).toBe((await revisions.findLastRevision(db.kysely, id))!.snapshot);
  });

  it("a batch that changes nothing keeps versions and writes no revision", async () => {
    const revs = count("asset_revisions");
    const out = await writeAssets(ctx, [asset("once"), asset("invalid", { name: "Tangerine choir" })]);
    expect(out.map((o) => o.status)).toEqual(["unchanged", "unchanged"]);
    expect(count("asset_revisions")).toBe(revs);
  });
});
