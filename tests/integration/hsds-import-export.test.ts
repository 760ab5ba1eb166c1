// HSDS import and export (issue 6), for real: `npm run import -- FILE --format hsds` and
// `npm run export -- --format ndjson|hsds-csv` run as child processes on temporary copies of the
// demo database, and the downloads over HTTP from the built site. Checked: every exported
// record validates against HSDS 3.0 and the UK profile; the datapackage describes its files; a
// round trip (export → import into an empty database → export) gives the same data; the Open
// Referral UK examples import and re-export without losing what we support; bad input is
// refused with a clear message and leaves the database as it was; revision history is metadata;
// unknown /api/hsds paths are JSON 404s with CORS.
import { spawn } from "node:child_process";
import { createHash } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import http from "node:http";
import Database from "better-sqlite3";
import { parse as parseCsv } from "csv-parse/sync";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { csvCell } from "../../app/core/hsds/tables";
import { hsdsValidators } from "../helpers/hsds-schemas";
import { ROOT, SHARED_DATA_DIR, TEMPLATE_DB, createTestUser, startTestServer, type TestServer } from "../helpers/server";

const TSX = path.join(ROOT, "node_modules", ".bin", "tsx");
const EXAMPLES = path.join(SHARED_DATA_DIR, "hsds", "openreferral_uk_profile_examples");
const SLOW = 240_000;
const v = hsdsValidators();

let server: TestServer;
let dir: string;
/** A copy of the demo database for the command-line tests. */
let sourceDb: string;
let assetCount: number;
let exportNdjson: string;
let exportCsv: string;

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Run scripts/import.ts or scripts/export.ts in a child process, in the temporary folder (so data/rejects lands there). */
function runScript(script: "import" | "export", args: string[], dbPath: string): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(TSX, [path.join(ROOT, "scripts", `${script}.ts`), ...args], {
      cwd: dir,
      env: { ...process.env, DATABASE_PATH: dbPath, SHARED_DATA_DIR, NODE_ENV: "production" },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d) => (stdout += d));
    child.stderr.on("data", (d) => (stderr += d));
    child.on("error", reject);
    child.on("exit", (code) => resolve({ code, stdout, stderr }));
  });
}

function countsOf(out: string): Record<string, number> {
  const c: Record<string, number> = {};
  for (const k of ["created", "updated", "unchanged", "rejected"]) {
    const m = new RegExp(`^${k}: (\\d+)$`, "m").exec(out);
    if (m) c[k] = Number(m[1]);
  }
  return c;
}

/** Everything an import could change, as one value. */
function fingerprint(dbPath: string): string {
  const db = new Database(dbPath, { readonly: true });
  try {
    const all = (sql: string) => db.prepare(sql).all();
    return createHash("sha1")
      .update(
        JSON.stringify([
          all("SELECT id, version, content_hash, updated_at, status, lat, lng FROM assets ORDER BY id"),
          all("SELECT * FROM organisations ORDER BY id"),
          all("SELECT COUNT(*) AS n, MAX(id) AS last FROM asset_revisions"),
          all("SELECT source, title, row_count FROM datasets ORDER BY source"),
          all("SELECT COUNT(*) AS n FROM asset_categories"),
          all("SELECT COUNT(*) AS n FROM asset_access"),
        ]),
      )
      .digest("hex");
  } finally {
    db.close();
  }
}

const lines = (text: string) =>
  text
    .split("\n")
    .filter((l) => l.trim())
    .map((l) => JSON.parse(l) as Record<string, unknown> & { id: string });

/** A service without what is expected to differ after a round trip: when it was written here, and our own revision history. */
function comparable(s: Record<string, unknown>) {
  const { last_modified: _l, metadata: _m, ...rest } = s;
  return rest;
}

function expectSameServices(a: Record<string, unknown>[], b: Record<string, unknown>[]) {
  expect(b.length).toBe(a.length);
  expect(b.map((s) => s.id)).toEqual(a.map((s) => s.id));
  const differing = a.filter((s, i) => JSON.stringify(comparable(s)) !== JSON.stringify(comparable(b[i]!)));
  expect(differing.map((s) => s.id)).toEqual([]);
}

beforeAll(async () => {
  server = await startTestServer();
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "rw-hsds-"));
  sourceDb = path.join(dir, "source.db");
  fs.copyFileSync(fs.existsSync(TEMPLATE_DB) ? TEMPLATE_DB : server.dbPath, sourceDb);
  const db = new Database(sourceDb, { readonly: true });
  assetCount = db.prepare("SELECT COUNT(*) FROM assets").pluck().get() as number;
  db.close();
  expect(assetCount).toBeGreaterThan(1000);
  exportNdjson = path.join(dir, "export.ndjson");
  exportCsv = path.join(dir, "export-csv");
  const [n, c] = await Promise.all([
    runScript("export", ["--format", "ndjson", "--out", exportNdjson], sourceDb),
    runScript("export", ["--format", "hsds-csv", "--out", exportCsv], sourceDb),
  ]);
  expect(n.code, n.stderr).toBe(0);
  expect(c.code, c.stderr).toBe(0);
}, SLOW);

afterAll(async () => {
  await server?.stop();
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

describe("npm run export", () => {
  it("NDJSON: every asset once, one service_full per line, each valid against HSDS 3.0 and the UK profile", () => {
    const services = lines(fs.readFileSync(exportNdjson, "utf8"));
    expect(services).toHaveLength(assetCount);
    expect(new Set(services.map((s) => s.id)).size).toBe(assetCount);
    const invalid: string[] = [];
    for (const s of services) {
      const errors = v.check("service", s);
      if (errors.length) invalid.push(`${s.id}: ${errors.slice(0, 3).join("; ")}`);
    }
    expect(invalid.slice(0, 10)).toEqual([]);
    expect(services.every((s) => Array.isArray(s.service_at_locations) && Array.isArray(s.metadata))).toBe(true);
  });

  it("CSV datapackage: datapackage.json describes every file, headers match, ids are unique", () => {
    const descriptor = JSON.parse(fs.readFileSync(path.join(exportCsv, "datapackage.json"), "utf8"));
    expect(descriptor.profile).toBe("tabular-data-package");
    expect(descriptor.licenses.length).toBeGreaterThan(0);
    expect(descriptor.sources.length).toBeGreaterThan(0);
    const names = descriptor.resources.map((r: { name: string }) => r.name);
    expect(names).toEqual(expect.arrayContaining(["service", "organization", "location", "service_at_location", "address", "schedule", "attribute", "taxonomy_term", "metadata"]));
    for (const r of descriptor.resources as { name: string; path: string; schema: { fields: { name: string }[] } }[]) {
      const text = fs.readFileSync(path.join(exportCsv, r.path), "utf8");
      const rows = parseCsv(text, { columns: false }) as string[][];
      expect(rows[0], r.path).toEqual(r.schema.fields.map((f) => f.name));
      const ids = rows.slice(1).map((row) => row[0]);
      expect(new Set(ids).size, `${r.path} ids`).toBe(ids.length);
      if (r.name === "service" || r.name === "location" || r.name === "service_at_location") expect(ids.length, r.path).toBe(assetCount);
    }
  });

  it("refuses bad arguments", async () => {
    const r = await runScript("export", ["--format", "xml", "--out", path.join(dir, "x")], sourceDb);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--format xml is not supported/);
    const none = await runScript("export", ["--format", "ndjson", "--out", path.join(dir, "x.ndjson")], path.join(dir, "missing.db"));
    expect(none.code).toBe(1);
    expect(none.stderr).toMatch(/no database/);
    expect(fs.existsSync(path.join(dir, "missing.db"))).toBe(false);
  }, SLOW);
});

describe("round trip: export → import into an empty database → export", () => {
  it("NDJSON gives the same services, and importing again changes nothing", async () => {
    const db = path.join(dir, "roundtrip-ndjson.db");
    const imported = await runScript("import", [exportNdjson, "--format", "hsds"], db);
    expect(imported.code, imported.stderr + imported.stdout).toBe(0);
    expect(countsOf(imported.stdout)).toEqual({ created: assetCount, updated: 0, unchanged: 0, rejected: 0 });
    const again = path.join(dir, "again.ndjson");
    expect((await runScript("export", ["--format", "ndjson", "--out", again], db)).code).toBe(0);
    expectSameServices(lines(fs.readFileSync(exportNdjson, "utf8")), lines(fs.readFileSync(again, "utf8")));

    const before = fingerprint(db);
    const second = await runScript("import", [exportNdjson], db);
    expect(second.code, second.stderr).toBe(0);
    expect(countsOf(second.stdout)).toEqual({ created: 0, updated: 0, unchanged: assetCount, rejected: 0 });
    expect(fingerprint(db)).toBe(before);
  }, SLOW);

  it("the CSV datapackage gives the same services and the same tables", async () => {
    const db = path.join(dir, "roundtrip-csv.db");
    const imported = await runScript("import", [exportCsv, "--format", "hsds"], db);
    expect(imported.code, imported.stderr + imported.stdout).toBe(0);
    expect(countsOf(imported.stdout)).toEqual({ created: assetCount, updated: 0, unchanged: 0, rejected: 0 });
    const asNdjson = path.join(dir, "from-csv.ndjson");
    const againCsv = path.join(dir, "again-csv");
    expect((await runScript("export", ["--format", "ndjson", "--out", asNdjson], db)).code).toBe(0);
    expect((await runScript("export", ["--format", "hsds-csv", "--out", againCsv], db)).code).toBe(0);
    expectSameServices(lines(fs.readFileSync(exportNdjson, "utf8")), lines(fs.readFileSync(asNdjson, "utf8")));
    // Every table is the same file, but for when records were written here (services.csv's last_modified) and our own history.
    for (const f of fs.readdirSync(exportCsv).filter((x) => x.endsWith(".csv") && x !== "metadata.csv" && x !== "services.csv")) {
      expect(fs.readFileSync(path.join(againCsv, f), "utf8"), f).toBe(fs.readFileSync(path.join(exportCsv, f), "utf8"));
    }
    const withoutModified = (f: string) => (parseCsv(fs.readFileSync(f, "utf8"), { columns: true }) as Record<string, string>[]).map(({ last_modified: _l, ...rest }) => rest);
    expect(withoutModified(path.join(againCsv, "services.csv"))).toEqual(withoutModified(path.join(exportCsv, "services.csv")));
  }, SLOW);
});

describe("the Open Referral UK examples", () => {
  const files = ["service_full.json", "service_list.json", "service_at_location_full.json", "service_at_location_list.json", "organization_full.json", "csv"];

  it.each(files)("%s as shipped: read, and its record rejected because latitude 100 cannot be placed", async (f) => {
    const db = path.join(dir, `examples-${f}.db`);
    const r = await runScript("import", [path.join(EXAMPLES, f), "--format", "hsds", "--kind", "targeted_service"], db);
    expect(r.code, r.stdout + r.stderr).toBe(1);
    expect(countsOf(r.stdout)).toMatchObject({ created: 0, rejected: 1 });
    expect(r.stdout).toMatch(/cannot be placed on the map/);
    // The shared folder is read-only: the rejects go to data/rejects/ under the working folder.
    const rejects = JSON.parse(fs.readFileSync(path.join(dir, "data", "rejects", `${f}.rejects.json`), "utf8"));
    expect(rejects.rejected).toHaveLength(1);
    expect(rejects.rejected[0].id).toBe("ac148810-d857-441c-9679-408f346de14b");
    expect(rejects.rejected[0].reason).toMatch(/cannot be placed on the map: (latitude 100 and longitude 101 are not valid coordinates|the location has no latitude and longitude)/);
    expect(rejects.rejected[0].data).toBeTruthy();
  }, SLOW);

  /** The example with the location moved to Sale (the only change), imported, then exported again. */
  async function importPlaced(kind: "json" | "csv") {
    const db = path.join(dir, `placed-${kind}.db`);
    let input: string;
    if (kind === "json") {
      const s = JSON.parse(fs.readFileSync(path.join(EXAMPLES, "service_full.json"), "utf8"));
      s.service_at_locations[0].location.latitude = 53.4232;
      s.service_at_locations[0].location.longitude = -2.3211;
      input = path.join(dir, "placed-service_full.json");
      fs.writeFileSync(input, JSON.stringify(s));
    } else {
      input = path.join(dir, "placed-csv");
      fs.cpSync(path.join(EXAMPLES, "csv"), input, { recursive: true });
      for (const f of fs.readdirSync(input)) fs.chmodSync(path.join(input, f), 0o644);
      fs.chmodSync(input, 0o755);
      const loc = path.join(input, "locations.csv");
      fs.writeFileSync(loc, fs.readFileSync(loc, "utf8").replace(",100,101,", ",53.4232,-2.3211,"));
    }
    const r = await runScript("import", [input, "--format", "hsds", "--kind", "targeted_service"], db);
    expect(r.code, r.stdout + r.stderr).toBe(0);
    expect(countsOf(r.stdout)).toEqual({ created: 1, updated: 0, unchanged: 0, rejected: 0 });
    const out = path.join(dir, `placed-${kind}.ndjson`);
    expect((await runScript("export", ["--format", "ndjson", "--out", out], db)).code).toBe(0);
    const [s] = lines(fs.readFileSync(out, "utf8"));
    expect(v.check("service", s)).toEqual([]);
    return { db, out, s: s as Record<string, any> };
  }

  function expectSupportedFieldsKept(s: Record<string, any>, from: "json" | "csv") {
    const example = JSON.parse(fs.readFileSync(path.join(EXAMPLES, "service_full.json"), "utf8"));
    // The ids stay the publisher's.
    expect(s.id).toBe(example.id);
    expect(s.organization_id).toBe(example.organization.id);
    // Every field we support comes back.
    expect(s.name).toBe(example.name);
    expect(s.description).toBe(example.description.trim());
    expect(s.url).toBe(example.url);
    expect(s.email).toBe(example.email);
    expect(s.status).toBe("active");
    expect(s.minimum_age).toBe(example.minimum_age);
    expect(s.maximum_age).toBe(example.maximum_age);
    expect(s.assured_date).toBe(example.assured_date);
    expect(s.organization).toMatchObject({ id: example.organization.id, name: example.organization.name, description: example.organization.description, email: example.organization.email, website: example.organization.website });
    expect(s.organization.organization_identifiers).toEqual([expect.objectContaining({ identifier_scheme: "GB-COH", identifier: "1234567" })]);
    expect(s.cost_options).toEqual([expect.objectContaining({ option: "Charge", amount_description: "Under 18s and Over 60s: £35 per 1 hour session" })]);
    // Schedules a week cannot say (bymonthday) keep their text.
    expect(s.schedules).toEqual([expect.objectContaining({ description: example.schedules[0].description })]);
    const loc = s.service_at_locations[0].location;
    expect(loc).toMatchObject({ latitude: 53.4232, longitude: -2.3211 });
    expect(loc.addresses[0]).toMatchObject({ address_1: `MyCity Civic Center, 1-30 Main Street${from === "csv" ? ", MyVillage" : ""}`, city: "MyCity" });
    const notes = loc.accessibility.find((a: { description: string }) => a.description === "Access notes");
    expect(notes.details).toContain(example.service_at_locations[0].location.accessibility[0].description);
    expect(notes.details).toContain(example.service_at_locations[0].location.accessibility[0].details);
  }

  it("service_full.json with a real location: every field we support survives import and export", async () => {
    const { s } = await importPlaced("json");
    expectSupportedFieldsKept(s, "json");
  }, SLOW);

  it("the CSV folder with a real location: the same, plus the contact's phone from phones.csv", async () => {
    const { s, out } = await importPlaced("csv");
    expectSupportedFieldsKept(s, "csv");
    expect(s.phones).toEqual([expect.objectContaining({ number: "+44 1234 234567" })]);
    // Our export of it is stable: import it into another empty database and export again.
    const db2 = path.join(dir, "placed-again.db");
    expect((await runScript("import", [out], db2)).code).toBe(0);
    const out2 = path.join(dir, "placed-again.ndjson");
    expect((await runScript("export", ["--format", "ndjson", "--out", out2], db2)).code).toBe(0);
    expectSameServices(lines(fs.readFileSync(out, "utf8")), lines(fs.readFileSync(out2, "utf8")));
  }, SLOW);
});

describe("bad input: a clear message, and the database as it was", () => {
  const write = (name: string, text: string) => {
    const f = path.join(dir, name);
    fs.writeFileSync(f, text);
    return f;
  };

  async function expectRefused(input: string, message: RegExp, extra: string[] = []) {
    const db = path.join(dir, "bad-input.db");
    if (!fs.existsSync(db)) fs.copyFileSync(sourceDb, db);
    const before = fingerprint(db);
    const r = await runScript("import", [input, "--format", "hsds", ...extra], db);
    expect(r.code, r.stdout).toBe(1);
    expect(r.stderr).toMatch(message);
    expect(fingerprint(db)).toBe(before);
  }

  it("a JSON file that is not HSDS", async () => {
    await expectRefused(write("hello.json", '{"hello": "world"}'), /hello\.json is not HSDS: no record has a service's "id" and "name"/);
    await expectRefused(write("points.json", '{"type": "FeatureCollection", "features": []}'), /is GeoJSON, not HSDS/);
    await expectRefused(write("broken.json", '{"id": '), /broken\.json is not valid JSON/);
    await expectRefused(path.join(EXAMPLES, "taxonomy_term_list.json"), /holds taxonomy terms, not services/);
    await expectRefused(path.join(dir, "nothing-here.json"), /does not exist/);
  }, SLOW);

  it("duplicate ids: nothing is imported, not even the good records", async () => {
    const all = fs.readFileSync(exportNdjson, "utf8").split("\n").filter(Boolean);
    const fresh = all.slice(0, 3).map((l, i) => {
      const s = JSON.parse(l);
      return JSON.stringify({ ...s, id: `0000000${i}-0000-4000-8000-000000000001`, name: `New ${i}` });
    });
    await expectRefused(write("dups.ndjson", [...fresh, fresh[1]].join("\n")), /dups\.ndjson has the same service id more than once, so nothing was imported: 00000001-0000-4000-8000-000000000001 \(line 2 and line 4\)/);
  }, SLOW);

  it("a CSV datapackage with missing required columns, or the same id twice in a table", async () => {
    const noName = path.join(dir, "no-name-csv");
    fs.cpSync(exportCsv, noName, { recursive: true });
    const services = parseCsv(fs.readFileSync(path.join(noName, "services.csv"), "utf8"), { columns: true }) as Record<string, string>[];
    const cols = Object.keys(services[0]!).filter((c) => c !== "name");
    fs.writeFileSync(path.join(noName, "services.csv"), [cols.join(","), ...services.slice(0, 5).map((r) => cols.map((c) => csvCell(r[c] ?? "")).join(","))].join("\n"));
    await expectRefused(noName, /services\.csv lacks the required column name \(it has: id, organization_id, description/);

    const dupLoc = path.join(dir, "dup-location-csv");
    fs.cpSync(exportCsv, dupLoc, { recursive: true });
    const locs = fs.readFileSync(path.join(dupLoc, "locations.csv"), "utf8").split("\r\n");
    fs.writeFileSync(path.join(dupLoc, "locations.csv"), [...locs.slice(0, 3), locs[1], ...locs.slice(3)].join("\r\n"));
    await expectRefused(path.join(dupLoc, "datapackage.json"), /locations\.csv has the same id more than once, so nothing was imported: .* \(rows 1 and 3\)/);

    const noServices = path.join(dir, "no-services-csv");
    fs.mkdirSync(noServices);
    fs.copyFileSync(path.join(exportCsv, "locations.csv"), path.join(noServices, "locations.csv"));
    await expectRefused(noServices, /is not an HSDS datapackage: there is no services\.csv/);
  }, SLOW);

  it("bad records are rejected with the schema error or the missing term; the rest is imported", async () => {
    const db = path.join(dir, "per-record.db");
    fs.copyFileSync(sourceDb, db);
    const base = JSON.parse(fs.readFileSync(exportNdjson, "utf8").split("\n")[0]!);
    const good = { ...base, id: "00000000-0000-4000-8000-0000000000a1", name: "A good new record" };
    const badStatus = { ...base, id: "00000000-0000-4000-8000-0000000000a2", status: "open" };
    const badTerm = { ...base, id: "00000000-0000-4000-8000-0000000000a3", attributes: [...base.attributes, { id: "00000000-0000-4000-8000-0000000000ff", taxonomy_term_id: "00000000-0000-4000-8000-00000000dead" }] };
    const badSchema = { ...base, id: "00000000-0000-4000-8000-0000000000a4", minimum_age: "twelve" };
    const input = write("mixed.ndjson", [good, badStatus, badTerm, badSchema].map((s) => JSON.stringify(s)).join("\n"));
    const r = await runScript("import", [input], db);
    expect(r.code, r.stderr).toBe(0);
    expect(countsOf(r.stdout)).toEqual({ created: 1, updated: 0, unchanged: 0, rejected: 3 });
    const rejects = JSON.parse(fs.readFileSync(`${input}.rejects.json`, "utf8")).rejected as { record: string; id: string; reason: string }[];
    expect(rejects.map((x) => [x.record, x.id])).toEqual([
      ["line 2", badStatus.id],
      ["line 3", badTerm.id],
      ["line 4", badSchema.id],
    ]);
    expect(rejects[0]!.reason).toMatch(/does not match the HSDS 3\.0 schema: \/status must be one of: active, inactive, defunct, temporarily closed/);
    expect(rejects[1]!.reason).toMatch(/attributes\[\d+\]: taxonomy_term_id 00000000-0000-4000-8000-00000000dead does not exist/);
    expect(rejects[2]!.reason).toMatch(/\/minimum_age must be number/);
    const check = new Database(db, { readonly: true });
    const ids = check.prepare("SELECT id FROM assets WHERE id LIKE '00000000-0000-4000-8000-0000000000a%'").pluck().all();
    check.close();
    expect(ids).toEqual([good.id]);
  }, SLOW);

  it("the API: page 0 and per_page 10000 are 400s naming the parameter, with CORS", async () => {
    for (const [url, field] of [
      ["/api/hsds/services?page=0", "page"],
      ["/api/hsds/services?per_page=10000", "per_page"],
      ["/api/hsds/service_at_locations?per_page=10000", "per_page"],
    ] as const) {
      const res = await server.get(url);
      expect(res.status, url).toBe(400);
      expect(res.headers.get("access-control-allow-origin")).toBe("*");
      expect(res.body.error.fields).toHaveProperty(field);
    }
  });
});

describe("downloads over HTTP", () => {
  it("GET /api/hsds/export.ndjson streams the same services as the command line", async () => {
    const res = await server.get("/api/hsds/export.ndjson");
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toMatch(/^application\/x-ndjson/);
    expect(res.headers.get("access-control-allow-origin")).toBe("*");
    expect(res.headers.get("content-disposition")).toMatch(/attachment/);
    expect(res.text).toBe(fs.readFileSync(exportNdjson, "utf8"));
    const head = await server.request("/api/hsds/export.ndjson", { method: "HEAD" });
    expect(head.status).toBe(200);
    expect(head.headers.get("content-type")).toMatch(/^application\/x-ndjson/);
    expect(head.text).toBe("");
  }, SLOW);

  it("GET /api/hsds/datapackage.json and each CSV file it lists", async () => {
    const res = await server.get("/api/hsds/datapackage.json");
    expect(res.status).toBe(200);
    expect(res.headers.get("access-control-allow-origin")).toBe("*");
    const local = JSON.parse(fs.readFileSync(path.join(exportCsv, "datapackage.json"), "utf8"));
    expect({ ...res.body, resources: undefined }).toEqual({ ...local, resources: undefined });
    for (const r of res.body.resources as { path: string; name: string }[]) {
      expect(r.path).toMatch(/^datapackage\/[a-z_]+\.csv$/);
      const file = await server.get(`/api/hsds/${r.path}`);
      expect(file.status, r.path).toBe(200);
      expect(file.headers.get("content-type")).toMatch(/^text\/csv/);
      expect(file.headers.get("access-control-allow-origin")).toBe("*");
      expect(file.text, r.path).toBe(fs.readFileSync(path.join(exportCsv, path.basename(r.path)), "utf8"));
    }
  }, SLOW);

  it("unknown paths under /api/hsds are JSON 404s with CORS", async () => {
    for (const p of ["/api/hsds/nope", "/api/hsds/services/abc/def", "/api/hsds/datapackage/nope.csv", "/api/hsds/datapackage/../secrets"]) {
      const res = await server.get(p);
      expect(res.status, p).toBe(404);
      expect(res.headers.get("access-control-allow-origin"), p).toBe("*");
      expect(res.headers.get("content-type"), p).toMatch(/application\/json/);
      expect(res.body.error.code, p).toBe("not_found");
    }
    const post = await server.request("/api/hsds/nope", { method: "POST" });
    expect(post.status).toBe(404);
    expect(post.headers.get("access-control-allow-origin")).toBe("*");
    const preflight = await server.request("/api/hsds/nope", { method: "OPTIONS", headers: { Origin: "https://example.org", "Access-Control-Request-Method": "GET" } });
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get("access-control-allow-origin")).toBe("*");
    // The rest of /api keeps its own 404.
    const other = await server.get("/api/nope");
    expect(other.status).toBe(404);
    expect(other.body.error.code).toBe("not_found");
  });
});

describe("revision history as metadata", () => {
  it("a connector's edit shows as metadata on the full service, without naming the connector, and validates", async () => {
    const connector = await createTestUser(server.dbPath, { email: "hsds-connector@example.org", role: "connector", name: "Hester Connector" });
    const list = await server.get("/api/hsds/services?per_page=1&page=7");
    const id = list.body.contents[0].id as string;
    const before = (await server.get(`/api/assets/${id}`)).body;
    const res = await server.request(`/api/assets/${id}`, {
      method: "PATCH",
      headers: { "Content-Type": "application/json", Cookie: connector.cookie },
      body: JSON.stringify({ version: before.version, name: `${before.name} (renamed)`, access_notes: "Ring the bell" }),
    });
    expect(res.status, res.text).toBe(200);
    const s = (await server.get(`/api/hsds/services/${id}`)).body;
    expect(v.check("service", s)).toEqual([]);
    const meta = s.metadata as { field_name: string; previous_value: string; replacement_value: string; last_action_type: string; updated_by: string; resource_id: string; resource_type: string }[];
    expect(meta[0]).toMatchObject({ field_name: "*", resource_id: id, resource_type: "service" });
    expect(meta).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ field_name: "name", previous_value: before.name, replacement_value: `${before.name} (renamed)`, last_action_type: "update", updated_by: "Real Wealth connector" }),
        expect.objectContaining({ field_name: "access_notes", replacement_value: "Ring the bell" }),
      ]),
    );
    const text = JSON.stringify(s);
    expect(text).not.toContain("hsds-connector@example.org");
    expect(text).not.toContain("Hester");
    // The same metadata in the full list and in the export.
    const sal = (await server.get(`/api/hsds/service_at_locations/${s.service_at_locations[0].id}`)).body;
    expect(sal.service.metadata).toEqual(meta);
    const exported = lines((await server.get("/api/hsds/export.ndjson")).text).find((x) => x.id === id)!;
    expect(exported.metadata).toEqual(meta);
  }, SLOW);
});

describe("whole-directory downloads are limited", () => {
  let limited: TestServer;
  beforeAll(async () => {
    limited = await startTestServer({ env: { DOWNLOAD_STALL_SECONDS: "2" } });
  });
  afterAll(async () => {
    await limited?.stop();
  });

  /** A download whose client reads nothing (paused, still connected). */
  function stalledDownload(): Promise<{ status: number; destroy: () => void }> {
    return new Promise((resolve, reject) => {
      const req = http.get(`${limited.baseUrl}/api/hsds/export.ndjson`, (res) => {
        res.pause();
        resolve({ status: res.statusCode ?? 0, destroy: () => req.destroy() });
      });
      req.on("error", () => {});
      req.once("error", reject);
    });
  }

  it("at most four stream at once (a fifth gets 429 with Retry-After), and a client that stops reading is cut off", async () => {
    const stalled = [];
    for (let i = 0; i < 4; i++) stalled.push(await stalledDownload());
    try {
      expect(stalled.map((s) => s.status)).toEqual([200, 200, 200, 200]);
      const fifth = await limited.get("/api/hsds/export.ndjson");
      expect(fifth.status).toBe(429);
      expect(fifth.body.error.code).toBe("too_many_downloads");
      expect(fifth.headers.get("retry-after")).toBe("60");
      expect(fifth.headers.get("access-control-allow-origin")).toBe("*");
      // The four clients are still connected but take nothing: after DOWNLOAD_STALL_SECONDS (2 s
      // here) the server cuts them off and their places are free again.
      let again = fifth;
      const until = Date.now() + 30_000;
      while (again.status === 429 && Date.now() < until) {
        await new Promise((r) => setTimeout(r, 500));
        again = await limited.get("/api/hsds/export.ndjson");
      }
      expect(again.status).toBe(200);
      expect(again.text.split("\n").filter(Boolean).length).toBe(assetCount);
    } finally {
      for (const s of stalled) s.destroy();
    }
  }, SLOW);
});
