// Reading an HSDS input as a whole (readHsds), before anything is imported: each record of an
// organization_full is checked against its own data, and a CSV file named on the command line is
// the services table even beside a services.csv.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { readHsds } from "../../app/features/imports/hsds.server";

let dir: string;
beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "rw-hsds-read-"));
});
afterAll(() => {
  fs.rmSync(dir, { recursive: true, force: true });
});

const service = (id: string, name: string) => ({ id, name, status: "active" });

describe("readHsds", () => {
  it("an organization's services line up with their own places in the list, non-objects named", () => {
    const file = path.join(dir, "org.json");
    const org = { id: "d9d5e0f5-d3ce-4f73-9a2f-4dd0ecc6c610", name: "Org", description: "An organisation", services: [null, service("ac148810-d857-441c-9679-408f346de14b", "Counselling"), "nope"] };
    fs.writeFileSync(file, JSON.stringify(org));
    const input = readHsds(file);
    const byLabel = new Map(input.units.map((u) => [u.label.replace(/^.*?, /, ""), u]));
    expect([...byLabel.keys()].sort()).toEqual(["services[0]", "services[1]", "services[2]"]);
    expect(byLabel.get("services[0]")!.problem).toBe("is not an object");
    expect(byLabel.get("services[2]")!.problem).toBe("is not an object");
    const ok = byLabel.get("services[1]")!;
    expect(ok.problem).toBeUndefined();
    expect(ok.id).toBe("ac148810-d857-441c-9679-408f346de14b");
    // Checked against its own data, not against services[0] (null).
    expect(ok.checks.find((c) => c.entity === "service")!.data).toEqual(org.services[1]);
  });

  it("a CSV file named on the command line is the services table, even beside a services.csv", () => {
    const folder = path.join(dir, "csv");
    fs.mkdirSync(folder);
    const header = "id,organization_id,name,description,status\n";
    fs.writeFileSync(path.join(folder, "services.csv"), `${header}11111111-1111-4111-8111-111111111111,,Other services file,Not this one,active\n`);
    fs.writeFileSync(path.join(folder, "my_services.csv"), `${header}22222222-2222-4222-8222-222222222222,,The named file,This one,active\n`);
    const input = readHsds(path.join(folder, "my_services.csv"));
    expect(input.units.map((u) => u.id)).toEqual(["22222222-2222-4222-8222-222222222222"]);
    expect(input.notes.join(" ")).toContain("services.csv: not read, my_services.csv was named");
  });
});
