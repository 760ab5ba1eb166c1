// Which listing an id names: the id and name of an asset, for a page's heading or a link back.
// A read of the assets table for pages outside the asset editor; it moves into the assets data
// module once that exists (issue 10).
import type { Selectable } from "kysely";
import type { Executor } from "../../../db/index";
import type { AssetsTable } from "../../../db/schema";

export type AssetName = Pick<Selectable<AssetsTable>, "id" | "name">;

export function findAssetName(db: Executor, id: string): Promise<AssetName | undefined> {
  return db.selectFrom("assets").select(["id", "name"]).where("id", "=", id).executeTakeFirst();
}
