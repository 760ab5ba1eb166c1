// /profiles: the real-wealth profiles this person may see (their own; for connectors, the people
// they work with; for admins, all).
import { json, type HeadersFunction, type LinksFunction, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import plansStyles from "~/components/plans.css";
import { can } from "~/core/access-policy";
import { requirePageUser } from "~/server/auth.server";
import { getContext } from "~/server/context.server";
import { listProfiles } from "~/features/profiles/profiles.server";
import { PRIVATE } from "~/server/http.server";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: plansStyles }];
/** Personal data: never kept by a shared cache or the browser (decision 0031). */
export const headers: HeadersFunction = () => PRIVATE;
export const meta: MetaFunction = () => [{ title: "Profiles and plans — Real Wealth" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requirePageUser(request);
  const { db } = await getContext();
  const deleted = new URL(request.url).searchParams.get("deleted") === "1";
  return json({ profiles: await listProfiles(db, user), assist: can(user.role, "profile:assist"), me: user.email, deleted }, { headers: PRIVATE });
}

export default function Profiles() {
  const { profiles, assist, me, deleted } = useLoaderData<typeof loader>();
  return (
    <div>
      <h1>Profiles and plans</h1>
      {deleted ? (
        <p className="notice" role="status">
          The profile and everything in it has been deleted.
        </p>
      ) : null}
      <p>
        A profile records what a person already has (their real wealth) and how they get about. A plan sets out the outcomes they want, in their own words,
        and the local connections that could help.
      </p>
      {profiles.length ? (
        <ul>
          {profiles.map((p) => (
            <li key={p.id}>
              <a href={`/profiles/${p.id}`}>{p.display_name}</a>
              {assist && p.owner_email !== me ? ` (${p.owner_email})` : ""}
            </li>
          ))}
        </ul>
      ) : (
        <p>{assist ? "You are not working with anyone yet." : "You have not made a profile yet."}</p>
      )}
      <p>
        <a className="button" href="/profiles/new">
          {assist ? "Make a profile with someone" : "Make your profile"}
        </a>
      </p>
    </div>
  );
}
