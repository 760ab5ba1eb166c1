// Optional asset photos over real HTTP: who may add and remove them, what files are taken,
// the required description, the size limit, and where they show.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestUser, startTestServer, type TestServer, type TestUser } from "../helpers/server";
import { formSession, getAs, postFile, postForm, type FormSession } from "../helpers/forms";

let server: TestServer;
let connector: TestUser;
let member: TestUser;
let admin: TestUser;
let assetId: string;

// A 1×1 PNG.
const PNG = Buffer.from(
  "89504e470d0a1a0a0000000d4948445200000001000000010806000000" + "1f15c4890000000d49444154789c6300010000000500010d0a2db40000000049454e44ae426082",
  "hex",
);

beforeAll(async () => {
  server = await startTestServer();
  connector = await createTestUser(server.dbPath, { email: "photo-connector@example.org", role: "connector" });
  member = await createTestUser(server.dbPath, { email: "photo-member@example.org", role: "member" });
  admin = await createTestUser(server.dbPath, { email: "photo-admin@example.org", role: "admin" });
  const r = await server.get("/api/search?q=library&postcode=M33&limit=1");
  assetId = r.body.results[0].id;
});
afterAll(async () => {
  await server?.stop();
});

async function session(user?: TestUser): Promise<FormSession> {
  return formSession(server, user?.cookie, user ? `/assets/${assetId}/photos` : "/suggest");
}

describe("asset photos", () => {
  it("only connectors and admins can open the photos page", async () => {
    const anon = await getAs(server, `/assets/${assetId}/photos`);
    expect(anon.status).toBe(302);
    expect(anon.headers.get("location")).toMatch(/^\/signin\?next=/);
    expect((await getAs(server, `/assets/${assetId}/photos`, member.cookie)).status).toBe(403);
    expect((await getAs(server, `/assets/${assetId}/photos`, connector.cookie)).status).toBe(200);
    expect((await getAs(server, `/assets/${assetId}/photos`, admin.cookie)).status).toBe(200);
  });

  it("refuses anonymous and member uploads, and uploads without the CSRF token", async () => {
    const anonSession = await formSession(server, undefined, "/suggest");
    const anon = await postFile(server, `/assets/${assetId}/photos`, anonSession, { name: "a.png", content: PNG, type: "image/png" }, { alt: "A door" });
    expect(anon.status).toBe(302);
    const m = await formSession(server, member.cookie, "/suggest");
    const byMember = await postFile(server, `/assets/${assetId}/photos`, m, { name: "a.png", content: PNG, type: "image/png" }, { alt: "A door" });
    expect(byMember.status).toBe(403);
    const c = await session(connector);
    const noToken = await postFile(server, `/assets/${assetId}/photos`, c, { name: "a.png", content: PNG, type: "image/png" }, { alt: "A door" }, { csrf: false });
    expect(noToken.status).toBe(403);
    expect((await server.get(`/api/assets/${assetId}`)).body.photos).toEqual([]);
  });

  it("needs a description and a real image", async () => {
    const c = await session(connector);
    const noAlt = await postFile(server, `/assets/${assetId}/photos`, c, { name: "a.png", content: PNG, type: "image/png" }, { alt: "  " });
    expect(noAlt.status).toBe(400);
    expect(noAlt.text).toMatch(/describe the photo/);
    const fileName = await postFile(server, `/assets/${assetId}/photos`, c, { name: "a.png", content: PNG, type: "image/png" }, { alt: "IMG_2041.jpg" });
    expect(fileName.status).toBe(400);
    const notImage = await postFile(server, `/assets/${assetId}/photos`, c, { name: "a.png", content: "name,postcode\nx,M33", type: "image/png" }, { alt: "The entrance" });
    expect(notImage.status).toBe(415);
    expect(notImage.text).toMatch(/not a JPEG, PNG or WebP image/);
    expect(notImage.text).toMatch(/value="The entrance"/); // what was typed is kept
    expect((await server.get(`/api/assets/${assetId}`)).body.photos).toEqual([]);
  });

  it("refuses a photo over 5 MB with a 413", async () => {
    const c = await session(connector);
    const big = Buffer.alloc(5 * 1024 * 1024 + 10, 0);
    PNG.copy(big);
    const res = await postFile(server, `/assets/${assetId}/photos`, c, { name: "big.png", content: big, type: "image/png" }, { alt: "A big photo of the hall" });
    expect(res.status).toBe(413);
    expect(res.text).toMatch(/at most 5 MB/);
  });

  it("adds a photo that shows on the listing and in the API, served as an image, and removes it", async () => {
    const c = await session(connector);
    const added = await postFile(server, `/assets/${assetId}/photos`, c, { name: "door.png", content: PNG, type: "image/png" }, { alt: "The step-free entrance with automatic doors" });
    expect(added.status).toBe(302);
    const record = await server.get(`/api/assets/${assetId}`);
    expect(record.body.photos).toHaveLength(1);
    const photo = record.body.photos[0];
    expect(photo.alt).toBe("The step-free entrance with automatic doors");
    const img = await server.request(photo.url);
    expect(img.status).toBe(200);
    expect(img.headers.get("content-type")).toBe("image/png");
    const page = await server.get(`/assets/${assetId}`);
    expect(page.text).toContain(`alt="The step-free entrance with automatic doors"`);
    const removed = await postForm(server, `/assets/${assetId}/photos`, c, { intent: "remove", photo: photo.id });
    expect(removed.status).toBe(302);
    expect((await server.get(`/api/assets/${assetId}`)).body.photos).toEqual([]);
    expect((await server.request(photo.url)).status).toBe(404);
  });
});
