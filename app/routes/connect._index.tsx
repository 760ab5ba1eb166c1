// /connect: the connector dashboard. Assets in the connector's area whose review is due or
// overdue, nearest first, with counts, a "Still correct" button on each, and a link to add one.
import type { ActionFunctionArgs, LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import connectCss from "~/components/connect.css";
import { formatDistance } from "~/core/geo";
import { AREA_RADII_KM, DEFAULT_AREA, DEFAULT_AREA_RADIUS_KM, DUE_SOON_DAYS } from "~/core/review";
import { KIND_LABELS, isKind } from "~/core/taxonomy";
import { listingName } from "~/features/directory/asset-names.server";
import { reviewQueue } from "~/features/review/review.server";
import { verifyAsset } from "~/features/assets/lifecycle.server";
import { setUserArea } from "~/features/accounts/users.server";
import { requirePageUser } from "~/server/auth.server";
import { verifyCsrf } from "~/server/csrf.server";
import { getContext } from "~/server/context.server";
import { ApiError, ConflictError } from "~/server/errors";
import { CsrfField } from "~/components/forms";
import { readFormBody } from "~/server/forms.server";
import { pageError } from "~/server/page-actions.server";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: connectCss }];

export const meta: MetaFunction = () => [{ title: "Connector dashboard — Real Wealth" }];

const PER_PAGE = 20;

function radiusFrom(raw: string | null): number {
  const n = Number(raw);
  return (AREA_RADII_KM as readonly number[]).includes(n) ? n : DEFAULT_AREA_RADIUS_KM;
}

function pageFrom(raw: string | null): number {
  const n = Number(raw ?? "1");
  return Number.isInteger(n) && n >= 1 && n <= 100_000 ? n : 1;
}

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requirePageUser(request, "review:dashboard");
  const url = new URL(request.url);
  const radiusKm = radiusFrom(url.searchParams.get("radius"));
  const page = pageFrom(url.searchParams.get("page"));
  const ctx = await getContext();
  const hasArea = user.area_lat !== null && user.area_lng !== null;
  const origin = hasArea
    ? { lat: user.area_lat as number, lng: user.area_lng as number, label: user.area_postcode ?? "your area" }
    : { lat: DEFAULT_AREA.lat, lng: DEFAULT_AREA.lng, label: DEFAULT_AREA.label };
  let queue = await reviewQueue(ctx, { lat: origin.lat, lng: origin.lng, radiusKm, page, perPage: PER_PAGE });
  const last = Math.max(1, Math.ceil(queue.total / PER_PAGE));
  if (page > last) queue = await reviewQueue(ctx, { lat: origin.lat, lng: origin.lng, radiusKm, page: last, perPage: PER_PAGE });
  let notice: string | null = null;
  const done = url.searchParams.get("done");
  if (done === "verified") {
    const name = (await listingName(ctx.db, url.searchParams.get("id") ?? ""))?.name;
    notice = `Marked ${name ? `“${name}”` : "the asset"} as still correct. Its next review is in 12 months.`;
  } else if (done === "area") notice = hasArea ? `Your area is now ${origin.label}.` : `Your area is cleared: showing ${DEFAULT_AREA.label}.`;
  return json({ origin, hasArea, areaPostcode: user.area_postcode ?? "", radiusKm, queue, notice, pages: Math.max(1, Math.ceil(queue.total / PER_PAGE)) });
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await requirePageUser(request, "review:dashboard");
  const form = await readFormBody(request).catch(pageError);
  if (!verifyCsrf(request, form)) return json({ error: "This form has expired. Please reload the page and try again.", field: null }, { status: 403 });
  const ctx = await getContext();
  const radius = radiusFrom(String(form.get("radius") ?? ""));
  const intent = form.get("intent");
  if (intent === "area") {
    const r = await setUserArea(ctx.db, user, String(form.get("area_postcode") ?? "").slice(0, 20));
    if (!r.ok) return json({ error: r.error, field: "area_postcode" }, { status: 400 });
    return redirect(`/connect?radius=${radius}&done=area`, 303);
  }
  if (intent === "verify") {
    const id = String(form.get("id") ?? "");
    const version = Number(form.get("version"));
    const page = pageFrom(String(form.get("page") ?? "1"));
    try {
      await verifyAsset(ctx, user, id, Number.isInteger(version) && version >= 1 ? version : undefined);
    } catch (e) {
      if (e instanceof ConflictError) {
        return json({ error: "Someone changed this asset since the list was loaded. Open it to check, then mark it again.", field: null }, { status: 409 });
      }
      if (e instanceof ApiError) return json({ error: e.message, field: null }, { status: e.status });
      throw e;
    }
    return redirect(`/connect?radius=${radius}&page=${page}&done=verified&id=${encodeURIComponent(id)}`, 303);
  }
  return json({ error: "Unknown action.", field: null }, { status: 400 });
}

function formatDate(iso: string): string {
  const d = new Date(iso.length === 10 ? `${iso}T12:00:00Z` : iso);
  if (Number.isNaN(d.getTime())) return iso;
  return d.toLocaleDateString("en-GB", { day: "numeric", month: "long", year: "numeric", timeZone: "Europe/London" });
}

export default function Dashboard() {
  const d = useLoaderData<typeof loader>();
  const answer = useActionData<{ error: string; field: string | null }>();
  const q = d.queue;
  const areaError = answer?.field === "area_postcode" ? answer.error : null;
  const link = (page: number) => `/connect?radius=${d.radiusKm}&page=${page}`;
  return (
    <div>
      <h1>Connector dashboard</h1>
      {d.notice ? (
        <p className="notice" role="status">
          {d.notice}
        </p>
      ) : null}
      {answer?.error && !areaError ? (
        <div className="error-summary" role="alert" tabIndex={-1}>
          <h2>There is a problem</h2>
          <p>{answer.error}</p>
        </div>
      ) : null}
      <p>
        <a className="button" href="/connect/assets/new">
          Add a new asset
        </a>
      </p>

      <Form method="post" className="area-form" aria-labelledby="area-title">
        <h2 id="area-title">Your area</h2>
        <CsrfField />
        <input type="hidden" name="intent" value="area" />
        {areaError ? (
          <div className="error-summary" role="alert">
            <h2>There is a problem</h2>
            <p>
              <a href="#area_postcode">{areaError}</a>
            </p>
          </div>
        ) : null}
        <div className="field-row">
          <div className={`field narrow${areaError ? " field-error" : ""}`}>
            <label htmlFor="area_postcode">Your area postcode</label>
            <span className="hint" id="area_postcode-hint">
              {d.hasArea ? "Leave it empty to use the middle of Trafford." : "Not set yet: we use the middle of Trafford."}
            </span>
            {areaError ? (
              <span className="error-message" id="area_postcode-error">
                <span className="visually-hidden">Error:</span> {areaError}
              </span>
            ) : null}
            <input
              type="text"
              id="area_postcode"
              name="area_postcode"
              defaultValue={d.areaPostcode}
              autoComplete="postal-code"
              maxLength={10}
              aria-invalid={areaError ? true : undefined}
              aria-describedby={areaError ? "area_postcode-hint area_postcode-error" : "area_postcode-hint"}
            />
          </div>
          <div className="field narrow">
            <label htmlFor="radius">Within</label>
            <select id="radius" name="radius" defaultValue={String(d.radiusKm)}>
              {AREA_RADII_KM.map((r) => (
                <option key={r} value={r}>
                  {r} km
                </option>
              ))}
            </select>
          </div>
          <div className="field narrow">
            <button type="submit">Update my area</button>
          </div>
        </div>
      </Form>

      <section aria-labelledby="review-title">
        <h2 id="review-title">Due for review</h2>
        <p>
          Assets within {d.radiusKm} km of {d.origin.label} whose yearly check is due, nearest first. Check each one (a phone call or
          a visit) and mark it as still correct, or edit it.
        </p>
        <ul className="review-counts">
          <li className="overdue">
            <strong>{q.overdue}</strong> overdue
          </li>
          <li>
            <strong>{q.due_soon}</strong> due in the next {DUE_SOON_DAYS} days
          </li>
        </ul>
        {q.total === 0 ? (
          <p>Nothing is due for review here. Well done.</p>
        ) : (
          <>
            <p className="results-summary">
              Showing {(q.page - 1) * q.per_page + 1} to {Math.min(q.total, q.page * q.per_page)} of {q.total}
            </p>
            <ol className="review-list" start={(q.page - 1) * q.per_page + 1}>
              {q.items.map((it) => (
                <li className="review-item" key={it.id}>
                  <div>
                    <h3>
                      <a href={`/assets/${it.id}`}>{it.name}</a>
                    </h3>
                    <p className="result-meta">
                      {(isKind(it.kind) ? KIND_LABELS[it.kind] : undefined) ?? it.kind} · {formatDistance(it.distance_km)} away
                      {it.postcode ? ` · ${it.postcode}` : ""}
                      {it.is_example ? " · example listing" : ""}
                    </p>
                    <p className={it.state === "overdue" ? "overdue-text" : undefined}>
                      {it.state === "overdue" ? `Overdue: the review was due on ${formatDate(it.review_due)}` : `Review due on ${formatDate(it.review_due)}`}
                      {it.verified_at ? `. Last checked ${formatDate(it.verified_at)}.` : ". Never checked."}
                    </p>
                  </div>
                  <div className="review-item-actions">
                    <Form method="post" className="inline-form">
                      <CsrfField />
                      <input type="hidden" name="intent" value="verify" />
                      <input type="hidden" name="id" value={it.id} />
                      <input type="hidden" name="version" value={it.version} />
                      <input type="hidden" name="page" value={q.page} />
                      <input type="hidden" name="radius" value={d.radiusKm} />
                      <button type="submit">
                        Still correct<span className="visually-hidden">: {it.name}</span>
                      </button>
                    </Form>
                    <a href={`/assets/${it.id}/edit`}>
                      Edit<span className="visually-hidden"> {it.name}</span>
                    </a>
                  </div>
                </li>
              ))}
            </ol>
            {d.pages > 1 ? (
              <nav className="pagination" aria-label="Pages of assets due for review">
                {q.page > 1 ? <a href={link(q.page - 1)}>Previous page</a> : null}
                <span>
                  Page {q.page} of {d.pages}
                </span>
                {q.page < d.pages ? <a href={link(q.page + 1)}>Next page</a> : null}
              </nav>
            ) : null}
          </>
        )}
      </section>
    </div>
  );
}
