// TEMPORARY: a small demo database used only while app/services/import/index.ts does not exist.
// Delete this file once importDemoData() is in place.
import fs from "node:fs";
import path from "node:path";
import { parse } from "csv-parse/sync";
import type { Context } from "../../app/services/context.server";
import { writeAssets } from "../../app/services/assets.server";
import { assetInputSchema } from "../../app/core/asset";

export async function importInterimFixture(ctx: Context, dataDir: string): Promise<void> {
  const s = ctx.db.sqlite;
  const read = (f: string) => parse(fs.readFileSync(path.join(dataDir, f)), { columns: true, skip_empty_lines: true, bom: true }) as Record<string, string>[];
  const ins = s.prepare("INSERT OR REPLACE INTO postcodes (postcode, outcode, lat, lng, precision, admin_district) VALUES (?, ?, ?, ?, ?, ?)");
  s.transaction(() => {
    for (const r of read("postcodes/postcode_districts_gb.csv")) ins.run(r.district, r.district, Number(r.latitude), Number(r.longitude), "district", r.admin_district_name);
    ins.run("M337XX", "M33", 53.424784, -2.321157, "unit", "Trafford");
  })();
  const base = { licence: "OGL", attribution: "Test" };
  const inputs: unknown[] = [];
  for (const r of read("services/trafford/trafford_libraries.csv")) {
    inputs.push({ ...base, source: "trafford_libraries", source_id: r.name, kind: "universal_service", name: r.name, lat: Number(r.lat), lng: Number(r.lon), postcode: r.postcode, address: r.address, email: r.email || null, website: r.website || null, categories: ["library"], cost: { free: true }, opening_hours: "Mo-Fr 09:00-17:00; Sa 10:00-13:00", access: ["step_free"] });
  }
  for (const r of read("community/trafford/trafford_sports_clubs.csv")) {
    inputs.push({ ...base, source: "trafford_sports_clubs", source_id: r.name, kind: "community_group", name: r.name, summary: r.category, lat: Number(r.latitude), lng: Number(r.longitude), postcode: r.postcode, address: r.address, categories: /football/i.test(r.category) ? ["football", "sports_club"] : ["sports_club"] });
  }
  for (const r of read("community/greater_manchester/gm_food_banks.csv")) {
    if (!r.latitude) continue;
    inputs.push({ ...base, source: "gm_food_banks", source_id: r.Name + r.Postcode, kind: "community_group", name: r.Name, summary: `Food bank. ${r["Opening times"]}`.slice(0, 290), lat: Number(r.latitude), lng: Number(r.longitude), postcode: r.Postcode, categories: ["food_bank"], cost: { free: true } });
  }
  inputs.push(
    { ...base, source: "examples", source_id: "cp1", kind: "changing_places_toilet", name: "Example Changing Places toilet, Sale", is_example: true, lat: 53.4245, lng: -2.321, opening_hours: "Mo-Su 08:00-20:00", changing_places: { hoist: "ceiling_track", adult_bench: true, room_size_m2: 12, peninsular_wc: true, radar_key: false }, verified_at: "2025-01-01" },
    { ...base, source: "examples", source_id: "tc1", kind: "time_credit_scheme", name: "Example time credits, Sale", is_example: true, lat: 53.426, lng: -2.318, time_credits: { earn: "Volunteer an hour", spend: "Swim" }, phone: "0161 000 0000", age: { min: 16, max: null }, opening_hours: "Mo-Fr 10:00-16:00" },
  );
  await writeAssets(ctx, inputs.map((i) => assetInputSchema.parse(i)));
}
