// The name of a listing, for pages that link back to it.
import type { Db } from "../../../db/index";
import { findAssetName, type AssetName } from "./asset-names.data.server";

/** The listing with this id (its id and name), or null when there is none. */
export async function listingName(db: Db, id: string): Promise<AssetName | null> {
  return (await findAssetName(db.kysely, id)) ?? null;
}
