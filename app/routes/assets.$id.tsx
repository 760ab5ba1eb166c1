import { Suspense, lazy } from "react";
import type { ActionFunctionArgs, LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { ConnectorActions, connectorActionsFor, noticeFor } from "~/components/ConnectorActions";
import { handleConnectorAction } from "~/features/assets/connector-actions.server";
import { currentUser } from "~/server/auth.server";
import leafletCss from "leaflet/dist/leaflet.css";
import connectCss from "~/components/connect.css";
import { formatDistance } from "~/core/geo";
import { ACCESS_LABELS, KIND_LABELS, KIND_QUADRANT, categoryLabel, type AccessFeature } from "~/core/taxonomy";
import { getContext } from "~/server/context.server";
import { getAsset } from "~/features/assets/public-asset.server";
import { attributionFor } from "~/features/directory/attribution.server";
import { Attribution } from "~/components/Attribution";
import { useHydrated } from "~/components/useHydrated";
import { useRootData } from "~/root";
import { webUrl } from "~/core/web-address";

const AssetMap = lazy(() => import("~/components/AssetMap.client"));

export const links: LinksFunction = () => [
  { rel: "stylesheet", href: leafletCss },
  { rel: "stylesheet", href: connectCss },
];

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: data ? `${data.asset.name} — Real Wealth` : "Not found — Real Wealth" },
  ...(data ? [{ name: "description", content: data.asset.summary || data.asset.name }] : []),
];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { db } = await getContext();
  const asset = await getAsset(db, params.id ?? "");
  if (!asset) throw new Response("We could not find that listing. It may have been removed.", { status: 404 });
  const ids = [asset.id, ...(asset.nearest_changing_places ? [asset.nearest_changing_places.id] : [])];
  const attribution = await attributionFor(db, ids, { postcodes: asset.location.precision.startsWith("postcode") });
  // Connectors and admins see Edit / History / Still correct / Archive; everyone else sees none.
  const connector = connectorActionsFor(await currentUser(request));
  const notice = connector ? noticeFor(new URL(request.url).searchParams, asset) : null;
  return json({ asset, attribution, connector, notice });
}

/** The connector buttons (verify, archive, unarchive) post here. */
export async function action({ request, params }: ActionFunctionArgs) {
  return handleConnectorAction(request, params.id ?? "");
}

const HOIST: Record<string, string> = { ceiling_track: "Ceiling track hoist", mobile: "Mobile hoist", none: "No hoist" };

function yesNo(v: boolean | null | undefined): string {
  return v === null || v === undefined ? "Not known" : v ? "Yes" : "No";
}

function formatDate(iso: string | null): string | null {
  if (!iso) return null;
  const d = new Date(iso.length === 10 ? `${iso}T12:00:00Z` : iso);
  if (Number.isNaN(d.getTime())) return iso;
  return d.toLocaleDateString("en-GB", { day: "numeric", month: "long", year: "numeric", timeZone: "Europe/London" });
}


export default function AssetPage() {
  const { asset, attribution, connector, notice } = useLoaderData<typeof loader>();
  const hydrated = useHydrated();
  const root = useRootData();
  const a = asset;
  const quadrant = KIND_QUADRANT[a.kind];
  const address = [a.location.address, a.location.postcode].filter(Boolean).join(", ");
  const directions = `https://www.openstreetmap.org/directions?to=${a.lat}%2C${a.lng}`;
  return (
    <article>
      <p className="breadcrumb">
        <a href="/">Back to search</a>
      </p>
      {a.is_example ? (
        <div className="example-banner" role="note">
          <strong>Example listing.</strong> This is made-up demo information to show how the directory works. It is not a
          real service.
        </div>
      ) : null}
      {a.status === "archived" ? (
        <div className="example-banner" role="note">
          <strong>Closed.</strong> This place is marked as closed and no longer appears in search.
        </div>
      ) : null}
      {notice ? (
        <p className="notice" role="status">
          {notice}
        </p>
      ) : null}
      <h1>{a.name}</h1>
      {connector ? <ConnectorActions asset={a} can={connector} /> : null}
      <p className="result-meta">
        {KIND_LABELS[a.kind]}
        {quadrant === "targeted" ? " · specialist service" : ""}
        {a.categories.length ? ` · ${a.categories.map(categoryLabel).join(", ")}` : ""}
      </p>
      <ul className="tags" aria-label="Key facts">
        {a.is_example ? <li className="tag tag-example">Example listing</li> : null}
        {a.open_now === true ? <li className="tag tag-open">Open now</li> : null}
        {a.open_now === false ? <li className="tag tag-closed">Closed now</li> : null}
        {a.cost.free === true ? <li className="tag">Free</li> : null}
        {a.time_credits.earn || a.time_credits.spend ? <li className="tag">Time credits</li> : null}
      </ul>
      <div className="detail">
        <div>
          {a.summary && a.summary !== a.description ? <p className="lead">{a.summary}</p> : null}
          {a.photos.length ? (
            <div className="photos">
              {a.photos.map((p) => (
                <figure key={p.id}>
                  <img src={p.url} alt={p.alt} loading="lazy" width={256} />
                </figure>
              ))}
            </div>
          ) : null}
          {a.description ? (
            <section aria-labelledby="about-title">
              <h2 id="about-title">About</h2>
              {a.description.split(/\n{2,}/).map((para, i) => (
                <p key={i}>{para}</p>
              ))}
            </section>
          ) : null}

          <section aria-labelledby="when-title">
            <h2 id="when-title">When it is open</h2>
            {a.open_now_text ? <p className="panel">{a.open_now_text}</p> : null}
            {a.weekly_hours ? (
              <table className="hours-table">
                <caption className="visually-hidden">Opening hours this week</caption>
                <thead>
                  <tr>
                    <th scope="col">Day</th>
                    <th scope="col">Open</th>
                  </tr>
                </thead>
                <tbody>
                  {a.weekly_hours.map((d) => (
                    <tr key={d.day}>
                      <th scope="row">{d.day}</th>
                      <td>{d.times.length ? d.times.join(", ") : "Closed"}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            ) : a.opening_hours_text ? (
              <p>{a.opening_hours_text}</p>
            ) : (
              <p>We do not know the opening times. Please contact them before you go.</p>
            )}
            {a.weekly_hours && a.opening_hours_text ? <p className="hint">As published: {a.opening_hours_text}</p> : null}
          </section>

          <section aria-labelledby="cost-title">
            <h2 id="cost-title">Cost and who it is for</h2>
            <dl>
              <dt>Cost</dt>
              <dd>{a.cost.free === true ? "Free" : a.cost.free === false ? "There is a charge" : "Not known"}{a.cost.details ? `. ${a.cost.details}` : ""}</dd>
              <dt>Age</dt>
              <dd>
                {a.age.min === null && a.age.max === null
                  ? "All ages"
                  : a.age.min !== null && a.age.max !== null
                    ? `${a.age.min} to ${a.age.max} years`
                    : a.age.min !== null
                      ? `${a.age.min} years and over`
                      : `Up to ${a.age.max} years`}
              </dd>
              {a.time_credits.earn ? (
                <>
                  <dt>Earn time credits</dt>
                  <dd>{a.time_credits.earn}</dd>
                </>
              ) : null}
              {a.time_credits.spend ? (
                <>
                  <dt>Spend time credits</dt>
                  <dd>{a.time_credits.spend}</dd>
                </>
              ) : null}
            </dl>
          </section>

          <section aria-labelledby="access-title">
            <h2 id="access-title">Accessibility</h2>
            {a.access.length ? (
              <ul>
                {a.access.map((f) => (
                  <li key={f}>{ACCESS_LABELS[f as AccessFeature] ?? f}</li>
                ))}
              </ul>
            ) : (
              <p>We have no accessibility information for this place yet. Please contact them to check.</p>
            )}
            {a.access_notes ? <p>{a.access_notes}</p> : null}
            <h3>Nearest Changing Places toilet</h3>
            {a.nearest_changing_places ? (
              <p>
                <a href={a.nearest_changing_places.url}>{a.nearest_changing_places.name}</a>,{" "}
                {formatDistance(a.nearest_changing_places.distance_km)} away
                {a.nearest_changing_places.is_example ? " (example listing)" : ""}.
              </p>
            ) : (
              <p>We do not know of a Changing Places toilet within 50 km.</p>
            )}
          </section>

          {a.changing_places ? (
            <section aria-labelledby="cp-title">
              <h2 id="cp-title">Changing Places toilet equipment</h2>
              <dl>
                <dt>Hoist</dt>
                <dd>{a.changing_places.hoist ? HOIST[a.changing_places.hoist] ?? a.changing_places.hoist : "Not known"}</dd>
                <dt>Adult-sized changing bench</dt>
                <dd>{yesNo(a.changing_places.adult_bench)}</dd>
                <dt>Room size</dt>
                <dd>{a.changing_places.room_size_m2 ? `${a.changing_places.room_size_m2} m²` : "Not known"}</dd>
                <dt>Peninsular toilet (space both sides)</dt>
                <dd>{yesNo(a.changing_places.peninsular_wc)}</dd>
                <dt>Needs a RADAR key</dt>
                <dd>{yesNo(a.changing_places.radar_key)}</dd>
                {a.changing_places.opening_hours ? (
                  <>
                    <dt>Toilet opening hours</dt>
                    <dd>{a.changing_places.opening_hours}</dd>
                  </>
                ) : null}
              </dl>
              {a.changing_places.notes ? <p>{a.changing_places.notes}</p> : null}
            </section>
          ) : null}
        </div>

        <aside aria-labelledby="where-title">
          <h2 id="where-title">Where it is</h2>
          <p>
            {address || "Address not known"}
            {a.location.precision.startsWith("postcode") ? (
              <span className="hint">The map shows the middle of the postcode area, not the exact door.</span>
            ) : null}
          </p>
          {a.how_to_get_there ? <p>{a.how_to_get_there}</p> : null}
          <p>
            <a href={directions} rel="noopener noreferrer">
              Get directions on OpenStreetMap<span className="visually-hidden"> (opens another website)</span>
            </a>
          </p>
          {hydrated && root ? (
            <Suspense fallback={null}>
              <AssetMap lat={a.lat} lng={a.lng} name={a.name} tileUrl={root.tileUrl} tileAttribution={root.tileAttribution} />
            </Suspense>
          ) : null}
          <h2>Contact</h2>
          {a.contact.phone || a.contact.email || a.contact.website ? (
            <dl>
              {a.contact.phone ? (
                <>
                  <dt>Phone</dt>
                  <dd>
                    <a href={`tel:${a.contact.phone.replace(/[^\d+]/g, "")}`}>{a.contact.phone}</a>
                  </dd>
                </>
              ) : null}
              {a.contact.email ? (
                <>
                  <dt>Email</dt>
                  <dd>
                    <a href={`mailto:${a.contact.email}`}>{a.contact.email}</a>
                  </dd>
                </>
              ) : null}
              {a.contact.website ? (
                <>
                  <dt>Website</dt>
                  <dd>
                    {/* Never a link unless it is http(s): records from before the check may hold anything. */}
                    {webUrl(a.contact.website) ? (
                      <a href={webUrl(a.contact.website)!} rel="noopener noreferrer">
                        {a.contact.website.replace(/^https?:\/\//, "").replace(/\/$/, "")}
                      </a>
                    ) : (
                      a.contact.website
                    )}
                  </dd>
                </>
              ) : null}
            </dl>
          ) : (
            <p>No contact details known.</p>
          )}
          {a.organisation ? (
            <p>
              Run by {a.organisation.name}
              {a.organisation.charity_number ? ` (registered charity ${a.organisation.charity_number})` : ""}.
            </p>
          ) : null}
          <h2>About this information</h2>
          <dl>
            <dt>Source</dt>
            <dd>{a.source.title ?? a.source.dataset}</dd>
            <dt>Licence</dt>
            <dd>{a.licence}</dd>
            <dt>Last checked</dt>
            <dd>{formatDate(a.verified_at) ?? "Not yet checked"}</dd>
            <dt>Next review</dt>
            <dd>{formatDate(a.review_due) ?? "Not set"}</dd>
          </dl>
          <p>
            Is something here wrong or out of date? <a href={`/assets/${a.id}/suggest`}>Suggest a change</a>
          </p>
        </aside>
      </div>
      <Attribution lines={attribution.lines} extra={attribution.extra} />
    </article>
  );
}
