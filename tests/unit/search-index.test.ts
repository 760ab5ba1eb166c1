// The embedded index over a real SQLite file: filters, distance rule, facets, typo tolerance,
// writes visible at once, archived records gone, rebuild equals incremental.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openDatabase, migrate, type Db } from "../../db/index";
import { contextFor, type Context } from "../../app/server/context.server";
import { getAsset } from "../../app/features/assets/public-asset.server";
import { writeAssets } from "../../app/features/assets/write-assets.server";
import { assetInputSchema, type AssetInput } from "../../app/core/asset";
import { distanceKm } from "../../app/core/geo";
import { parseOpenAt } from "../../app/core/hours";
import type { SearchQuery } from "../../search/types";

let dir: string;
let db: Db;
let ctx: Context;
const SALE = { lat: 53.4246, lng: -2.3226 };

const base = { source: "test", licence: "Test licence", attribution: "Test data" };
function asset(id: string, extra: Partial<AssetInput>): ReturnType<typeof assetInputSchema.parse> {
  return assetInputSchema.parse({ ...base, source_id: id, kind: "community_group", name: `Asset ${id}`, lat: SALE.lat, lng: SALE.lng, ...extra });
}
function q(extra: Partial<SearchQuery> = {}): SearchQuery {
  return { radiusKm: 5, kinds: [], categories: [], access: [], free: false, limit: 100, page: 1, ...extra };
}

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "rw-index-"));
  db = openDatabase(path.join(dir, "test.db"));
  await migrate(db);
  ctx = await contextFor(db);
  // A grid of assets around Sale, about 1 km apart, with varied attributes.
  const inputs = [];
  let n = 0;
  for (let i = -6; i <= 6; i++) {
    for (let j = -6; j <= 6; j++) {
      n++;
      inputs.push(
        asset(`g${n}`, {
          name: n % 7 === 0 ? `Sale Football Club ${n}` : n % 5 === 0 ? `Community Library ${n}` : `Knit and natter ${n}`,
          kind: n % 5 === 0 ? "universal_service" : n % 11 === 0 ? "targeted_service" : "community_group",
          categories: n % 7 === 0 ? ["football"] : n % 5 === 0 ? ["library"] : ["social_group"],
          access: n % 3 === 0 ? ["step_free"] : n % 4 === 0 ? ["hearing_loop"] : [],
          lat: SALE.lat + i * 0.009,
          lng: SALE.lng + j * 0.015,
          cost: { free: n % 2 === 0 },
          age: n % 13 === 0 ? { min: 18, max: 25 } : undefined,
          opening_hours: n % 6 === 0 ? "Mo-Fr 09:00-17:00" : undefined,
          time_credits: n % 9 === 0 ? { earn: "Help at the tea bar" } : undefined,
        }),
      );
    }
  }
  inputs.push(
    asset("cp", {
      kind: "changing_places_toilet",
      name: "Changing Places at the Waterside",
      lat: SALE.lat + 0.0045,
      lng: SALE.lng,
      changing_places: { hoist: "ceiling_track", adult_bench: true, room_size_m2: 12 },
    }),
  );
  await writeAssets(ctx, inputs);
});

afterAll(async () => {
  await db.kysely.destroy();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe("embedded search index", () => {
  it("keeps every result within the radius and orders by distance", async () => {
    for (const radius of [0.5, 1, 2.5, 5]) {
      const r = await ctx.index.search(q({ origin: SALE, radiusKm: radius }));
      expect(r.total).toBeGreaterThan(0);
      let last = -1;
      for (const hit of r.results) {
        const d = distanceKm(SALE.lat, SALE.lng, hit.lat, hit.lng);
        expect(d).toBeLessThanOrEqual(radius + 1e-9);
        expect(hit.distance_km!).toBeGreaterThanOrEqual(last);
        last = hit.distance_km!;
      }
    }
  });

  it("ANDs filters across parameters and ORs within one", async () => {
    const r = await ctx.index.search(q({ origin: SALE, radiusKm: 20, kinds: ["community_group", "universal_service"], access: ["step_free", "hearing_loop"], free: true }));
    expect(r.total).toBeGreaterThan(0);
    for (const hit of r.results) {
      expect(["community_group", "universal_service"]).toContain(hit.kind);
      expect(hit.access.some((a) => a === "step_free" || a === "hearing_loop")).toBe(true);
      expect((await getAsset(db, hit.id))!.cost.free).toBe(true);
    }
  });

  it("finds a category through its parent and gives disjunctive facets", async () => {
    const r = await ctx.index.search(q({ origin: SALE, radiusKm: 20, categories: ["sport_leisure"] }));
    expect(r.total).toBeGreaterThan(0);
    expect(r.results.every((h) => h.categories.includes("football"))).toBe(true);
    // the category facet ignores the category filter, so other categories still show counts
    expect(r.facets.category.library).toBeGreaterThan(0);
    expect(r.facets.category.sport_leisure).toBe(r.total);
    const kinds = await ctx.index.search(q({ origin: SALE, radiusKm: 20, kinds: ["targeted_service"] }));
    expect(Object.keys(kinds.facets.kind).length).toBeGreaterThan(1);
    expect(kinds.total).toBe(kinds.facets.kind.targeted_service);
  });

  it("meets a changing_places need on site or within 1 km only", async () => {
    const r = await ctx.index.search(q({ origin: SALE, radiusKm: 20, access: ["changing_places"] }));
    const cp = r.results.find((h) => h.kind === "changing_places_toilet")!;
    expect(cp).toBeDefined();
    for (const hit of r.results) {
      const d = distanceKm(hit.lat, hit.lng, cp.lat, cp.lng);
      expect(d).toBeLessThanOrEqual(1 + 1e-9);
    }
    const all = await ctx.index.search(q({ origin: SALE, radiusKm: 20 }));
    const near = all.results.filter((h) => distanceKm(h.lat, h.lng, cp.lat, cp.lng) <= 1);
    expect(r.total).toBe(near.length);
  });

  it("filters by age, time credits and opening time", async () => {
    const age = await ctx.index.search(q({ origin: SALE, radiusKm: 20, age: 10 }));
    for (const h of age.results) {
      const a = (await getAsset(db, h.id))!;
      expect(a.age.min === null || a.age.min <= 10).toBe(true);
    }
    const tc = await ctx.index.search(q({ origin: SALE, radiusKm: 20, timeCredits: "earn" }));
    expect(tc.total).toBeGreaterThan(0);
    for (const h of tc.results) expect((await getAsset(db, h.id))!.time_credits.earn).toBeTruthy();
    const open = await ctx.index.search(q({ origin: SALE, radiusKm: 20, openAt: parseOpenAt("2026-11-23T10:00")! }));
    expect(open.total).toBeGreaterThan(0);
    expect(open.results.every((h) => h.open_now === true)).toBe(true);
    const closed = await ctx.index.search(q({ origin: SALE, radiusKm: 20, openAt: parseOpenAt("2026-11-22T10:00")! }));
    expect(closed.total).toBe(0);
  });

  it("matches word prefixes and tolerates a typo", async () => {
    const prefix = await ctx.index.search(q({ q: "footb" }));
    expect(prefix.total).toBeGreaterThan(0);
    expect(prefix.results.every((h) => /football/i.test(h.name))).toBe(true);
    const typo = await ctx.index.search(q({ q: "libary" }));
    expect(typo.total).toBeGreaterThan(0);
    expect(typo.corrections).toEqual({ libary: "library" });
    const none = await ctx.index.search(q({ q: "zzzzqqq" }));
    expect(none.total).toBe(0);
  });

  it("pages without overlap", async () => {
    const p1 = await ctx.index.search(q({ origin: SALE, radiusKm: 20, limit: 10, page: 1 }));
    const p2 = await ctx.index.search(q({ origin: SALE, radiusKm: 20, limit: 10, page: 2 }));
    expect(p1.results).toHaveLength(10);
    expect(p2.total).toBe(p1.total);
    const ids = new Set(p1.results.map((h) => h.id));
    expect(p2.results.some((h) => ids.has(h.id))).toBe(false);
  });

  it("shows a saved change at once and drops archived assets", async () => {
    const [first] = await writeAssets(ctx, [asset("new1", { name: "Allotment clearance with a van", lat: SALE.lat, lng: SALE.lng })]);
    expect(first.status).toBe("created");
    expect((await ctx.index.search(q({ q: "allotment" }))).total).toBe(1);
    const [second] = await writeAssets(ctx, [asset("new1", { name: "Allotment clearance with a van", status: "archived" })]);
    expect(second).toMatchObject({ status: "updated", version: 2 });
    expect((await ctx.index.search(q({ q: "allotment" }))).total).toBe(0);
  });

  it("rebuilds to the same answers", async () => {
    const before = await ctx.index.search(q({ origin: SALE, radiusKm: 3, q: "knit" }));
    await ctx.index.rebuild();
    const after = await ctx.index.search(q({ origin: SALE, radiusKm: 3, q: "knit" }));
    expect(after.total).toBe(before.total);
    expect(after.results.map((h) => h.id)).toEqual(before.results.map((h) => h.id));
  });

  it("clusters add up to the number of matching assets in view", async () => {
    const bbox: [number, number, number, number] = [-2.5, 53.3, -2.1, 53.55];
    const features = await ctx.index.clusters(q(), bbox, 10);
    const count = features.reduce((s, f) => s + (f.type === "cluster" ? f.count : 1), 0);
    const r = await ctx.index.search(q({ bbox, limit: 1 }));
    expect(count).toBe(r.total);
  });
});

describe("facets: false (the matcher's fetches)", () => {
  it("gives the same places, order and total as a full search, with empty facets", async () => {
    const queries: Partial<SearchQuery>[] = [
      { origin: SALE, radiusKm: 4, limit: 30 },
      { origin: SALE, radiusKm: 6, categories: ["sport_leisure"], limit: 10 },
      { origin: SALE, radiusKm: 6, categories: ["football", "library"], access: ["step_free"], age: 20, limit: 50 },
      { origin: SALE, radiusKm: 6, q: "football", limit: 5, page: 2 },
    ];
    for (const extra of queries) {
      const full = await ctx.index.search(q(extra));
      const lean = await ctx.index.search(q({ ...extra, facets: false }));
      expect(full.total, JSON.stringify(extra)).toBeGreaterThan(0);
      expect(lean.total).toBe(full.total);
      expect(lean.results.map((r) => r.id)).toEqual(full.results.map((r) => r.id));
      expect(lean.results).toEqual(full.results);
      expect(lean.facets).toEqual({ kind: {}, category: {} });
    }
  });
});
