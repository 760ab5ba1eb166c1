import type { LoaderFunctionArgs } from "@remix-run/node";
import { getContext } from "~/server/context.server";
import { photoFile } from "~/features/photos/photos.server";

/** GET /photos/:id — an asset's photo. Photos never change (a new photo gets a new id). */
export async function loader({ params }: LoaderFunctionArgs) {
  const photo = await photoFile((await getContext()).db, params.id ?? "");
  if (!photo) return new Response("Photo not found", { status: 404, headers: { "Content-Type": "text/plain; charset=utf-8" } });
  return new Response(new Uint8Array(photo.bytes), {
    headers: {
      "Content-Type": photo.mime,
      "Content-Length": String(photo.bytes.length),
      "Cache-Control": "public, max-age=86400, immutable",
      "Content-Security-Policy": "default-src 'none'",
    },
  });
}
