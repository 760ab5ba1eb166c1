// The photos data module (app/features/photos/photos.data.server.ts) against a real SQLite file.
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { deletePhoto, findPhotoFile, insertPhotoIfRoom, listPhotoAlts } from "../../app/features/photos/photos.data.server";
import { addAsset, addUser, openTestDb, type TestDb } from "../helpers/data-db";

let t: TestDb;
let assetId: string;
const JPEG = Buffer.from([0xff, 0xd8, 0xff, 0xe0, 1, 2, 3]);

const photo = (id: string, created_at: string, asset = assetId) => ({
  id,
  asset_id: asset,
  mime: "image/jpeg",
  bytes: JPEG,
  alt: `Photo ${id}`,
  added_by: "u1",
  created_at,
});

beforeEach(async () => {
  t = await openTestDb();
  await addUser(t.db, "u1");
  assetId = (await addAsset(t.db)).id;
});
afterEach(() => t.close());

describe("photos data module", () => {
  it("lists an asset's photos oldest first, and the same synchronously", async () => {
    await insertPhotoIfRoom(t.db.kysely, photo("b", "2026-02-02"), 6);
    await insertPhotoIfRoom(t.db.kysely, photo("a", "2026-02-01"), 6);
    const other = (await addAsset(t.db)).id;
    await insertPhotoIfRoom(t.db.kysely, photo("c", "2026-02-01", other), 6);
    const expected = [
      { id: "a", alt: "Photo a" },
      { id: "b", alt: "Photo b" },
    ];
    expect(await listPhotoAlts(t.db.kysely, assetId)).toEqual(expected);
  });

  it("takes no more photos than the limit, and says so", async () => {
    expect(await insertPhotoIfRoom(t.db.kysely, photo("p1", "2026-02-01"), 2)).toBe(true);
    expect(await insertPhotoIfRoom(t.db.kysely, photo("p2", "2026-02-02"), 2)).toBe(true);
    expect(await insertPhotoIfRoom(t.db.kysely, photo("p3", "2026-02-03"), 2)).toBe(false);
    expect((await listPhotoAlts(t.db.kysely, assetId)).map((p) => p.id)).toEqual(["p1", "p2"]);
  });

  it("two uploads at once cannot both take the last place", async () => {
    const results = await Promise.all([
      insertPhotoIfRoom(t.db.kysely, photo("x1", "2026-02-01"), 1),
      insertPhotoIfRoom(t.db.kysely, photo("x2", "2026-02-01"), 1),
    ]);
    expect(results.filter(Boolean)).toHaveLength(1);
    expect(await listPhotoAlts(t.db.kysely, assetId)).toHaveLength(1);
  });

  it("serves a photo's bytes and type, and removes a photo only from its own asset", async () => {
    await insertPhotoIfRoom(t.db.kysely, photo("p", "2026-02-01"), 6);
    const file = await findPhotoFile(t.db.kysely, "p");
    expect(file?.mime).toBe("image/jpeg");
    expect(Buffer.compare(file!.bytes, JPEG)).toBe(0);
    expect(await findPhotoFile(t.db.kysely, "nope")).toBeUndefined();
    const other = (await addAsset(t.db)).id;
    expect(await deletePhoto(t.db.kysely, other, "p")).toBe(false);
    expect(await deletePhoto(t.db.kysely, assetId, "p")).toBe(true);
    expect(await deletePhoto(t.db.kysely, assetId, "p")).toBe(false);
    expect(await findPhotoFile(t.db.kysely, "p")).toBeUndefined();
  });
});
