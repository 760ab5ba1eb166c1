// The asset_photos table: the only code that reads or writes it.
import type { Selectable } from "kysely";
import type { Executor } from "../../../db/index";
import type { AssetPhotosTable } from "../../../db/schema";

export type PhotoRow = Selectable<AssetPhotosTable>;

/** An asset's photos (id and description), oldest first. */
export function listPhotoAlts(db: Executor, assetId: string): Promise<Pick<PhotoRow, "id" | "alt">[]> {
  return db.selectFrom("asset_photos").select(["id", "alt"]).where("asset_id", "=", assetId).orderBy("created_at").orderBy("id").execute();
}

/**
 * Add a photo unless the asset already has `max`: the count and the insert are one statement,
 * so two uploads at once cannot both take the last place. False when there was no room.
 */
export async function insertPhotoIfRoom(db: Executor, photo: PhotoRow, max: number): Promise<boolean> {
  const row = db
    .selectNoFrom((eb) => [
      eb.val(photo.id).as("id"),
      eb.val(photo.asset_id).as("asset_id"),
      eb.val(photo.mime).as("mime"),
      eb.val(photo.bytes).as("bytes"),
      eb.val(photo.alt).as("alt"),
      eb.val(photo.added_by).as("added_by"),
      eb.val(photo.created_at).as("created_at"),
    ])
    .where((eb) => eb(eb.selectFrom("asset_photos").select((s) => s.fn.countAll<number>().as("n")).where("asset_id", "=", photo.asset_id), "<", max));
  const r = await db
    .insertInto("asset_photos")
    .columns(["id", "asset_id", "mime", "bytes", "alt", "added_by", "created_at"])
    .expression(row)
    .executeTakeFirst();
  return r.numInsertedOrUpdatedRows === 1n;
}

/** Remove one of an asset's photos; false when the asset has no such photo. */
export async function deletePhoto(db: Executor, assetId: string, photoId: string): Promise<boolean> {
  const r = await db.deleteFrom("asset_photos").where("id", "=", photoId).where("asset_id", "=", assetId).executeTakeFirst();
  return r.numDeletedRows > 0n;
}

/** A photo's type and bytes, when it belongs to an asset that exists. */
export function findPhotoFile(db: Executor, photoId: string): Promise<Pick<PhotoRow, "mime" | "bytes"> | undefined> {
  return db
    .selectFrom("asset_photos as p")
    .innerJoin("assets as a", "a.id", "p.asset_id")
    .select(["p.mime", "p.bytes"])
    .where("p.id", "=", photoId)
    .executeTakeFirst();
}
