// GET /profiles/:id/export: everything held about the person, as a JSON download.
import type { LoaderFunctionArgs } from "@remix-run/node";
import { requirePageUser } from "~/server/auth.server";
import { getContext } from "~/server/context.server";
import { api } from "~/server/http.server";
import { exportProfile } from "~/features/profiles/export.server";
import { getProfileFor } from "~/features/profiles/profiles.server";

export async function loader({ request, params }: LoaderFunctionArgs) {
  return api(async () => {
    const user = await requirePageUser(request);
    const { db } = await getContext();
    const profile = await getProfileFor(db, user, params.id!);
    return new Response(JSON.stringify(await exportProfile(db, profile, user), null, 2), {
      headers: {
        "Content-Type": "application/json; charset=utf-8",
        "Content-Disposition": `attachment; filename="real-wealth-profile-${profile.id}.json"`,
        "Cache-Control": "private, no-store",
      },
    });
  });
}
