// Unsafe values (issue 16, defect 11), over real HTTP: web addresses other than http(s) are
// refused with a 400 naming the field, and the HSDS CSV download writes a formula-looking name as
// text a spreadsheet will not run.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestUser, startTestServer, type TestServer, type TestUser } from "../helpers/server";

let server: TestServer;
let connector: TestUser;

beforeAll(async () => {
  server = await startTestServer({ env: { RATE_LIMITS: "off" } });
  connector = await createTestUser(server.dbPath, { email: "connector@unsafe.test", role: "connector" });
});

afterAll(async () => {
  await server?.stop();
});

const create = (body: Record<string, unknown>) =>
  server.request("/api/assets", {
    method: "POST",
    headers: { "Content-Type": "application/json", Cookie: connector.cookie },
    body: JSON.stringify({ kind: "community_group", lat: 53.4245, lng: -2.3239, ...body }),
  });

describe("web addresses", () => {
  it.each([
    [{ contact: { website: "javascript:alert(document.domain)" } }, "contact.website"],
    [{ organisation: { name: "Quillfeather Trust", website: "javascript:alert(1)" } }, "organisation.website"],
    [{ organisation: { name: "Quillfeather Trust", website: "data:text/html,<script>alert(1)</script>" } }, "organisation.website"],
  ])("%j is a 400 naming %s", async (patch, field) => {
    const res = await create({ name: "Unsafe Link Club", ...patch });
    expect(res.status, res.text.slice(0, 300)).toBe(400);
    expect(res.body.error.fields?.[field], res.text).toMatch(/web address/);
  });

  it("http(s) addresses, with or without the scheme, are accepted", async () => {
    const res = await create({ name: "Safe Link Club", contact: { website: "www.example.org" }, organisation: { name: "Safe Trust", website: "https://safe.example.org" } });
    expect(res.status, res.text.slice(0, 300)).toBe(201);
  });
});

describe("the HSDS CSV download", () => {
  it("writes a formula-looking name with a quote in front, and negative coordinates as numbers", async () => {
    const formula = '=HYPERLINK("https://evil.example","Click me")';
    const made = await create({ name: formula, organisation: { name: "@Formula Trust" } });
    expect(made.status, made.text.slice(0, 300)).toBe(201);
    const services = await server.get("/api/hsds/datapackage/services.csv");
    expect(services.status).toBe(200);
    const line = services.text.split("\r\n").find((l) => l.includes("evil.example"));
    expect(line).toContain(`"'=HYPERLINK(""https://evil.example"",""Click me"")"`);
    // No cell anywhere starts with a formula character.
    expect(services.text).not.toMatch(/(^|,|\r\n)"?[=+@]/);
    const orgs = await server.get("/api/hsds/datapackage/organizations.csv");
    expect(orgs.text).toContain("'@Formula Trust");
    expect(orgs.text).not.toMatch(/(^|,|\r\n)"?@Formula/);
    const locations = await server.get("/api/hsds/datapackage/locations.csv");
    expect(locations.text).toMatch(/,-2\.3239(,|\r\n)/);
  });
});
