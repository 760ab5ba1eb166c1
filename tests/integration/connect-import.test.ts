// Bulk import in the site (issue 3), over real HTTP: access rules, CSRF, the 10 MB limit (while
// streaming), refusing files that are not CSV or GeoJSON by their content, the mapping step
// (guessed columns, saved mappings), the preview, the import, re-import updating rather than
// duplicating, and the rejected rows as a CSV download with a reason for each.
import Database from "better-sqlite3";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestUser, startTestServer, type HttpResult, type TestServer, type TestUser } from "../helpers/server";
import { formSession, getAs, pageText, postFile, postForm, type FormSession } from "../helpers/forms";

let server: TestServer;
let member: TestUser;
let connector: TestUser;
let admin: TestUser;
let connector2: TestUser;
const sessions: Record<string, FormSession> = {};

const CSV = [
  "Group name,Postcode,What we do,When we meet,Tags,ref",
  "Brindlewick Walking Group,M33 7XX,Gentle walks for everyone,Saturdays 10am-12pm,walking,bw1",
  "Brindlewick Book Club,m332bb,Books and tea,,learning,bw2",
  "No Place Club,,Meets somewhere,,social_group,bw3",
  "Brindlewick Choir,WA14 1AH,Singing for fun,Wednesdays 7pm-9pm,knitting,bw4",
  ",M33 7XX,A row without a name,,,bw5",
].join("\n");

const GEOJSON = JSON.stringify({
  type: "FeatureCollection",
  features: [
    { type: "Feature", properties: { title: "Brindlewick Pond", id: "p1" }, geometry: { type: "Point", coordinates: [-2.32, 53.42] } },
    { type: "Feature", properties: { title: "Brindlewick Field", id: "p2" }, geometry: { type: "Point", coordinates: [-2.33, 53.43] } },
  ],
});

const MAPPING_FIELDS: Record<string, string> = {
  source: "brindlewick_groups",
  title: "Brindlewick groups",
  licence: "Shared with permission",
  attribution: "Brindlewick Forum",
  kind: "community_group",
  categories: "",
  access: "",
  free: "yes",
  verified_at: "",
  location_precision: "exact",
  "col.name": "Group name",
  "col.postcode": "Postcode",
  "col.description": "What we do",
  "col.opening_hours": "When we meet",
  "col.categories": "Tags",
  "col.source_id": "ref",
  mapping_name: "",
};

function one<T>(sql: string, ...params: unknown[]): T {
  const d = new Database(server.dbPath, { readonly: true });
  try {
    return d.prepare(sql).get(...params) as T;
  } finally {
    d.close();
  }
}
const count = (sql: string, ...params: unknown[]) => one<{ n: number }>(`SELECT COUNT(*) AS n FROM ${sql}`, ...params).n;

function expectSignInRedirect(res: HttpResult) {
  expect([302, 303], `${res.status} ${res.text.slice(0, 200)}`).toContain(res.status);
  expect(res.headers.get("location")).toMatch(/^\/signin\?next=/);
}

async function upload(s: FormSession, name: string, content: string | Uint8Array, type = "text/csv"): Promise<string> {
  const res = await postFile(server, "/connect/import", s, { name, content, type });
  expect(res.status, res.text.slice(0, 600)).toBe(302);
  const id = /^\/connect\/import\/([0-9a-f-]{36})$/.exec(res.headers.get("location") ?? "")?.[1];
  expect(id).toBeTruthy();
  return id!;
}

beforeAll(async () => {
  server = await startTestServer({ env: { RATE_LIMITS: "off" } });
  [member, connector, admin, connector2] = await Promise.all([
    createTestUser(server.dbPath, { email: "member@import.test", role: "member" }),
    createTestUser(server.dbPath, { email: "connector@import.test", role: "connector", name: "Cara Connector" }),
    createTestUser(server.dbPath, { email: "admin@import.test", role: "admin" }),
    createTestUser(server.dbPath, { email: "connector2@import.test", role: "connector" }),
  ]);
  sessions.anonymous = await formSession(server);
  sessions.member = await formSession(server, member.cookie);
  sessions.connector = await formSession(server, connector.cookie);
  sessions.admin = await formSession(server, admin.cookie);
  sessions.connector2 = await formSession(server, connector2.cookie);
});

afterAll(async () => {
  await server?.stop();
});

describe("access rules on the import pages", () => {
  it("anonymous → sign in, member → 403, connector and admin → 200", async () => {
    const id = await upload(sessions.connector, "rules.csv", "Group name,Postcode\nAccess Rule Row,M33 7XX\nNowhere Row,\n");
    const run = await postForm(server, `/connect/import/${id}`, sessions.connector, {
      intent: "import",
      mapping: JSON.stringify({ source: "rules_check", licence: "L", attribution: "A", kind: "place", columns: { name: "Group name", postcode: "Postcode" } }),
    });
    expect(run.status, run.text.slice(0, 500)).toBe(302);
    const runPath = run.headers.get("location")!;
    const runId = runPath.split("/").pop()!;
    for (const path of ["/connect/import", `/connect/import/${id}`, runPath, `/connect/import/rejects/${runId}`]) {
      expectSignInRedirect(await getAs(server, path));
      expect((await getAs(server, path, member.cookie)).status, path).toBe(403);
      expect((await getAs(server, path, connector.cookie)).status, path).toBe(200);
      expect((await getAs(server, path, admin.cookie)).status, `admin ${path}`).toBe(200);
    }
  });

  it("another connector cannot open someone else's upload, run or rejects (404)", async () => {
    const id = await upload(sessions.connector, "private.csv", CSV);
    expect((await getAs(server, `/connect/import/${id}`, connector2.cookie)).status).toBe(404);
    const post = await postForm(server, `/connect/import/${id}`, sessions.connector2, { ...MAPPING_FIELDS, intent: "preview" });
    expect(post.status).toBe(404);
  });

  it("uploads and imports: anonymous → sign in, member → 403, nothing stored", async () => {
    const before = count("import_uploads");
    expectSignInRedirect(await postFile(server, "/connect/import", sessions.anonymous, { name: "x.csv", content: CSV }));
    expect((await postFile(server, "/connect/import", sessions.member, { name: "x.csv", content: CSV })).status).toBe(403);
    const id = await upload(sessions.connector, "member-import.csv", "Group name,Postcode\nMember Try Row,M33 7XX\n");
    const assets = count("assets");
    expectSignInRedirect(await postForm(server, `/connect/import/${id}`, sessions.anonymous, { ...MAPPING_FIELDS, intent: "preview" }));
    const m = await postForm(server, `/connect/import/${id}`, sessions.member, { intent: "import", mapping: JSON.stringify({ source: "member_try", licence: "L", attribution: "A", kind: "place", columns: { name: "Group name", postcode: "Postcode" } }) });
    expect(m.status).toBe(403);
    expect(count("assets")).toBe(assets);
    expect(count("import_uploads")).toBe(before + 1);
  });

  it("an upload without the CSRF token is refused (403) and nothing is stored", async () => {
    const before = count("import_uploads");
    const res = await postFile(server, "/connect/import", sessions.connector, { name: "groups.csv", content: CSV }, {}, { csrf: false });
    expect(res.status).toBe(403);
    expect(count("import_uploads")).toBe(before);
  });
});

describe("what may be uploaded", () => {
  it("refuses a file over 10 MB with 413 and a plain message", async () => {
    const before = count("import_uploads");
    const big = `name,postcode\n${"Big Group,M33 7XX\n".repeat(Math.ceil((10.5 * 1024 * 1024) / 18))}`;
    const res = await postFile(server, "/connect/import", sessions.connector, { name: "big.csv", content: big });
    expect(res.status).toBe(413);
    expect(pageText(res.text)).toContain("The file is too large. The most we can take is 10 MB");
    expect(count("import_uploads")).toBe(before);
  });

  it("counts the bytes while they stream in (no Content-Length) and refuses at 10 MB", async () => {
    const before = count("import_uploads");
    const boundary = "----rwtestboundary";
    const head = `--${boundary}\r\nContent-Disposition: form-data; name="csrf"\r\n\r\n${sessions.connector.csrf}\r\n--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="stream.csv"\r\nContent-Type: text/csv\r\n\r\nname,postcode\n`;
    const line = new TextEncoder().encode("Streamed Group,M33 7XX\n".repeat(4096));
    let sent = 0;
    const body = new ReadableStream<Uint8Array>({
      start(c) {
        c.enqueue(new TextEncoder().encode(head));
      },
      pull(c) {
        if (sent > 12 * 1024 * 1024) {
          c.enqueue(new TextEncoder().encode(`\r\n--${boundary}--\r\n`));
          c.close();
          return;
        }
        sent += line.byteLength;
        c.enqueue(line);
      },
    });
    const res = await server.request("/connect/import", {
      method: "POST",
      headers: { Cookie: sessions.connector.cookie, "Content-Type": `multipart/form-data; boundary=${boundary}` },
      body,
      duplex: "half",
    } as RequestInit);
    expect(res.status).toBe(413);
    expect(pageText(res.text)).toContain("The file is too large");
    expect(count("import_uploads")).toBe(before);
  });

  it("refuses files that are not CSV or GeoJSON by their content, whatever their name", async () => {
    const before = count("import_uploads");
    const png = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 73, 72, 68, 82]);
    const zip = new Uint8Array([0x50, 0x4b, 0x03, 0x04, 20, 0, 0, 0, 8, 0]);
    const cases: [string, string | Uint8Array, RegExp][] = [
      ["picture.csv", png, /PNG image/],
      ["groups.csv", zip, /spreadsheet workbook or zip/],
      ["data.geojson", JSON.stringify({ hello: "world" }), /JSON but not GeoJSON/],
      ["page.csv", "<!doctype html><html><body>hi</body></html>", /web page or XML/],
      ["notes.csv", "just one line of prose without commas\nand another", /only one column/],
      ["binary.csv", new Uint8Array([0x61, 0x2c, 0x62, 0x0a, 0x00, 0x01, 0x02, 0x2c, 0x03]), /not a text file/],
      ["groups.xlsx", "name,postcode\nA,M33 7XX\n", /files ending \.xlsx/],
    ];
    for (const [name, content, message] of cases) {
      const res = await postFile(server, "/connect/import", sessions.connector, { name, content, type: "application/octet-stream" });
      expect(res.status, name).toBe(415);
      expect(pageText(res.text), name).toMatch(message);
      expect(pageText(res.text)).toContain("Upload a CSV file (with a header row) or a GeoJSON file");
    }
    const empty = await postFile(server, "/connect/import", sessions.connector, { name: "empty.csv", content: "" });
    expect(empty.status).toBe(400);
    expect(count("import_uploads")).toBe(before);
  });

  it("takes a GeoJSON file whatever its name says, and offers its properties as columns", async () => {
    const id = await upload(sessions.connector, "places.json", GEOJSON, "application/json");
    expect(one<{ format: string }>("SELECT format FROM import_uploads WHERE id = ?", id).format).toBe("geojson");
    const page = pageText((await getAs(server, `/connect/import/${id}`, connector.cookie)).text);
    expect(page).toContain('<option value="title">title (e.g. Brindlewick Pond)</option>');
    // "title" is guessed as the name column.
    expect(page).toMatch(/<select id="f-col-name" name="col.name"[^>]*>.*?<option value="title" selected="">/s);
  });
});

describe("mapping, preview and import", () => {
  let uploadId: string;
  beforeAll(async () => {
    uploadId = await upload(sessions.connector, "Brindlewick groups.csv", CSV);
  });

  it("offers the file's columns in every dropdown, with guesses", async () => {
    const res = await getAs(server, `/connect/import/${uploadId}`, connector.cookie);
    expect(res.status).toBe(200);
    const page = pageText(res.text);
    for (const c of ["Group name", "Postcode", "What we do", "When we meet", "Tags", "ref"]) expect(page).toContain(`<option value="${c}">`);
    expect(page).toMatch(/<select id="f-col-postcode" name="col.postcode"[^>]*>.*?<option value="Postcode" selected="">/s);
    expect(page).toContain('value="brindlewick_groups"');
    expect(page).toContain("6 columns");
  });

  it("explains what is missing from the mapping (400)", async () => {
    const res = await postForm(server, `/connect/import/${uploadId}`, sessions.connector, {
      ...MAPPING_FIELDS,
      intent: "preview",
      "col.name": "",
      "col.postcode": "",
      kind: "",
      licence: "",
      source: "gm_libraries",
      categories: "knitting",
    });
    expect(res.status).toBe(400);
    const page = pageText(res.text);
    expect(page).toContain("Column for Name: choose the column that holds each listing's name");
    expect(page).toContain("Column for Postcode: choose the postcode column");
    expect(page).toContain("Kind: choose a kind for every row");
    expect(page).toContain("Dataset name: \"gm_libraries\" is already used by built-in data");
    expect(page).toContain('Categories for every row: "knitting" is not a category code');
    expect(page).toMatch(/Licence: (is required|String must contain)/);
  });

  it("previews the first rows with what will happen to each, writing nothing", async () => {
    const before = count("assets");
    const res = await postForm(server, `/connect/import/${uploadId}`, sessions.connector, { ...MAPPING_FIELDS, intent: "preview" });
    expect(res.status, res.text.slice(0, 500)).toBe(200);
    const page = pageText(res.text);
    expect(page).toMatch(/Of 5 rows: 2 will be added, 0 will update listings already here, and 3 have problems/);
    expect(page).toContain("<td>Brindlewick Walking Group</td><td>Will be added</td>");
    expect(page).toMatch(/No Place Club<\/td><td>Will not be imported<\/td><td>no coordinates and no postcode/);
    expect(page).toMatch(/Brindlewick Choir<\/td><td>Will not be imported<\/td><td>categories unknown category "knitting"/);
    expect(page).toContain("Import 2 rows");
    expect(count("assets")).toBe(before);
    expect(await searchTotal("Brindlewick")).toBe(0);
  });

  it("saves a named mapping and loads it for another file", async () => {
    const res = await postForm(server, `/connect/import/${uploadId}`, sessions.connector, { ...MAPPING_FIELDS, intent: "save", mapping_name: "Brindlewick Forum lists" });
    expect(res.status).toBe(200);
    expect(pageText(res.text)).toContain("Saved the mapping as “Brindlewick Forum lists”");
    const saved = one<{ id: string; mapping: string }>("SELECT id, mapping FROM import_mappings WHERE name = 'Brindlewick Forum lists'");
    expect(JSON.parse(saved.mapping)).toMatchObject({ source: "brindlewick_groups", kind: "community_group", free: true, columns: { name: "Group name", opening_hours: "When we meet" } });
    // Saving under the same name replaces it.
    await postForm(server, `/connect/import/${uploadId}`, sessions.connector, { ...MAPPING_FIELDS, attribution: "Brindlewick Forum (2)", intent: "save", mapping_name: "brindlewick forum lists" });
    expect(count("import_mappings WHERE name LIKE 'brindlewick forum lists'")).toBe(1);

    const other = await upload(sessions.admin, "other.csv", "Group name,Postcode,Extra\nPond Club,M33 7XX,x\n");
    const page = pageText((await getAs(server, `/connect/import/${other}?mapping=${saved.id}`, admin.cookie)).text);
    expect(page).toContain("Using the saved mapping “Brindlewick Forum lists”");
    expect(page).toMatch(/This file has no column called .*“What we do”/);
    expect(page).toContain('value="Brindlewick Forum (2)"');
    expect(page).toMatch(/<select id="f-col-name" name="col.name"[^>]*>.*?<option value="Group name" selected="">/s);
  });

  it("another connector saving under the same name gets their own mapping and leaves the first one alone", async () => {
    const first = one<{ id: string; owner_id: string; mapping: string; updated_at: string }>(
      "SELECT id, owner_id, mapping, updated_at FROM import_mappings WHERE name = 'Brindlewick Forum lists'",
    );
    expect(first.owner_id).toBe(connector.id);
    const theirs = await upload(sessions.connector2, "theirs.csv", "Group name,Postcode\nHeron Club,M33 7XX\n");
    const res = await postForm(server, `/connect/import/${theirs}`, sessions.connector2, {
      ...MAPPING_FIELDS,
      "col.description": "",
      "col.opening_hours": "",
      "col.categories": "",
      "col.source_id": "",
      attribution: "Somebody else",
      intent: "save",
      mapping_name: "BRINDLEWICK forum lists",
    });
    expect(res.status, res.text.slice(0, 500)).toBe(200);
    expect(pageText(res.text)).toContain("Saved the mapping as “BRINDLEWICK forum lists”");
    const after = one<{ owner_id: string; mapping: string; updated_at: string }>("SELECT owner_id, mapping, updated_at FROM import_mappings WHERE id = ?", first.id);
    expect(after).toEqual({ owner_id: first.owner_id, mapping: first.mapping, updated_at: first.updated_at });
    const rows = count("import_mappings WHERE name LIKE 'brindlewick forum lists'");
    expect(rows).toBe(2);
    const mine = one<{ owner_id: string; mapping: string }>("SELECT owner_id, mapping FROM import_mappings WHERE name = 'BRINDLEWICK forum lists'");
    expect(mine.owner_id).toBe(connector2.id);
    expect(JSON.parse(mine.mapping).attribution).toBe("Somebody else");
    // Saving again replaces only their own.
    await postForm(server, `/connect/import/${theirs}`, sessions.connector2, { ...MAPPING_FIELDS, attribution: "Somebody else (2)", intent: "save", mapping_name: "Brindlewick Forum Lists" });
    expect(count("import_mappings WHERE name LIKE 'brindlewick forum lists'")).toBe(2);
    expect(one<{ mapping: string }>("SELECT mapping FROM import_mappings WHERE id = ?", first.id).mapping).toBe(first.mapping);
    // Both can still start from either; the other person's is labelled with who saved it.
    const page = pageText((await getAs(server, `/connect/import/${theirs}`, connector2.cookie)).text);
    expect(page).toContain(">BRINDLEWICK forum lists</option>");
    expect(page).toContain(">Brindlewick Forum lists (saved by Cara Connector)</option>");
  });

  let runId = "";
  it("imports the good rows (visible in search at once) and keeps the bad ones with reasons", async () => {
    const preview = (await postForm(server, `/connect/import/${uploadId}`, sessions.connector, { ...MAPPING_FIELDS, intent: "preview" })).text;
    const mapping = pageText(/name="mapping" value="([^"]+)"/.exec(preview)![1]);
    const res = await postForm(server, `/connect/import/${uploadId}`, sessions.connector, { intent: "import", mapping });
    expect(res.status, res.text.slice(0, 500)).toBe(302);
    runId = res.headers.get("location")!.split("/").pop()!;
    const page = pageText((await getAs(server, `/connect/import/runs/${runId}`, connector.cookie)).text);
    expect(page).toMatch(/<th scope="row">Added<\/th><td>2<\/td>/);
    expect(page).toMatch(/<th scope="row">Not imported \(problems\)<\/th><td>3<\/td>/);
    expect(page).toContain(`href="/connect/import/rejects/${runId}"`);
    expect(await searchTotal("Brindlewick")).toBe(2);
    const walk = one<{ id: string; opening_hours: string; is_free: number; source_id: string }>(
      "SELECT id, opening_hours, is_free, source_id FROM assets WHERE source = 'brindlewick_groups' AND name = 'Brindlewick Walking Group'",
    );
    expect(walk).toMatchObject({ opening_hours: "Sa 10:00-12:00", is_free: 1, source_id: "bw1" });
    const rev = one<{ action: string; user_id: string }>("SELECT action, user_id FROM asset_revisions WHERE asset_id = ? ORDER BY id DESC LIMIT 1", walk.id);
    expect(rev).toEqual({ action: "import", user_id: connector.id });
    expect(one<{ title: string }>("SELECT title FROM datasets WHERE source = 'brindlewick_groups'").title).toBe("Brindlewick groups");
  });

  it("the rejected rows download as CSV with the original columns and a reason", async () => {
    const res = await getAs(server, `/connect/import/rejects/${runId}`, connector.cookie);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toMatch(/^text\/csv/);
    expect(res.headers.get("content-disposition")).toBe('attachment; filename="Brindlewick_groups.rejects.csv"');
    const lines = res.text.trim().split("\n");
    expect(lines[0]).toBe("Group name,Postcode,What we do,When we meet,Tags,ref,reason");
    expect(lines).toHaveLength(4);
    expect(lines.find((l) => l.startsWith("No Place Club"))).toMatch(/no coordinates and no postcode/);
    expect(lines.find((l) => l.startsWith("Brindlewick Choir"))).toMatch(/unknown category ""knitting""/);
    expect(lines.find((l) => l.startsWith(","))).toMatch(/the name \(column ""Group name""\) is empty|name/);
    expect((await getAs(server, `/connect/import/rejects/${runId}`, connector2.cookie)).status).toBe(404);
  });

  it("importing the same file again updates, never duplicates", async () => {
    const before = count("assets WHERE source = 'brindlewick_groups'");
    const preview = pageText((await postForm(server, `/connect/import/${uploadId}`, sessions.connector, { ...MAPPING_FIELDS, intent: "preview" })).text);
    expect(preview).toMatch(/2 will update listings already here/);
    const changed = (await postForm(server, `/connect/import/${uploadId}`, sessions.connector, { ...MAPPING_FIELDS, attribution: "Brindlewick Forum, updated", intent: "preview" })).text;
    const mapping = pageText(/name="mapping" value="([^"]+)"/.exec(changed)![1]);
    const res = await postForm(server, `/connect/import/${uploadId}`, sessions.connector, { intent: "import", mapping });
    expect(res.status).toBe(302);
    const page = pageText((await getAs(server, res.headers.get("location")!, connector.cookie)).text);
    expect(page).toMatch(/<th scope="row">Added<\/th><td>0<\/td>/);
    expect(page).toMatch(/<th scope="row">Updated<\/th><td>2<\/td>/);
    expect(count("assets WHERE source = 'brindlewick_groups'")).toBe(before);
    expect(await searchTotal("Brindlewick")).toBe(2);
    expect(one<{ attribution: string }>("SELECT attribution FROM assets WHERE source_id = 'bw1' AND source = 'brindlewick_groups'").attribution).toMatch(/^Brindlewick Forum, updated/);
  });

  it("refuses to import into a built-in dataset's name", async () => {
    const res = await postForm(server, `/connect/import/${uploadId}`, sessions.connector, {
      intent: "import",
      mapping: JSON.stringify({ source: "trafford_libraries", licence: "L", attribution: "A", kind: "place", columns: { name: "Group name", postcode: "Postcode" } }),
    });
    expect(res.status).toBe(400);
    expect(count("assets WHERE source = 'trafford_libraries' AND name LIKE 'Brindlewick%'")).toBe(0);
    const broken = await postForm(server, `/connect/import/${uploadId}`, sessions.connector, { intent: "import", mapping: "{not json" });
    expect(broken.status).toBe(400);
  });
});

async function searchTotal(q: string): Promise<number> {
  const res = await server.get(`/api/search?q=${encodeURIComponent(q)}`);
  expect(res.status).toBe(200);
  return res.body.total;
}
