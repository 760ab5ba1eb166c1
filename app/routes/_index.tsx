import { Suspense, lazy, useCallback, useEffect, useRef, useState } from "react";
import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import leafletCss from "leaflet/dist/leaflet.css";
import { json } from "@remix-run/node";
import { Form, useLoaderData, useNavigation } from "@remix-run/react";
import { SEARCH_FILTERS, SEARCH_PARAM_LABELS, parseSearchParams } from "~/core/search-params";
import { formatDistance } from "~/core/geo";
import { ACCESS_FEATURES, ACCESS_LABELS, CATEGORIES, KINDS, KIND_LABELS, categoryLabel, type Kind } from "~/core/taxonomy";
import { getContext } from "~/server/context.server";
import { ApiError } from "~/server/errors";
import { attributionFor } from "~/features/directory/attribution.server";
import { runSearch, type SearchOutcome } from "~/features/directory/search.server";
import { Attribution } from "~/components/Attribution";
import { focusField } from "~/components/forms";
import { useHydrated } from "~/components/useHydrated";
import { useRootData } from "~/root";
import type { SearchHit } from "../../search/types";
import type { MapView } from "~/components/ResultsMap.client";

const ResultsMap = lazy(() => import("~/components/ResultsMap.client"));

const RADII = [1, 2, 5, 10, 20, 50];

export const links: LinksFunction = () => [{ rel: "stylesheet", href: leafletCss }];

export const meta: MetaFunction<typeof loader> = ({ data }) => {
  const v = data?.values;
  const what = v?.q ? `“${v.q}”` : "Local support";
  const where = data?.result?.origin ? ` near ${data.result.origin.label}` : "";
  return [{ title: `${data?.errors ? "Error: " : ""}${what}${where} — Real Wealth` }];
};

export async function loader({ request }: LoaderFunctionArgs) {
  const url = new URL(request.url);
  const params = url.searchParams;
  const search = url.search;
  const values = {
    q: params.get("q") ?? "",
    near: params.get("near") ?? params.get("postcode") ?? "",
    radius_km: params.get("radius_km") ?? "",
    kind: params.getAll("kind"),
    category: params.get("category") ?? "",
    access: params.getAll("access"),
    free: params.get("free") === "1",
    open_now: params.get("open_now") === "1",
    time_credits: params.get("time_credits") ?? "",
    age: params.get("age") ?? "",
    page: params.get("page") ?? "1",
  };
  const parsed = parseSearchParams(params, { allowPlace: true });
  if (!parsed.ok) {
    const errors = { ...parsed.fields };
    if (errors.postcode) {
      errors.near = errors.postcode;
      delete errors.postcode;
    }
    return json({ search, values, errors, result: null, attribution: null }, { status: 400 });
  }
  const ctx = await getContext();
  let result: SearchOutcome;
  try {
    result = await runSearch(ctx, parsed.value);
  } catch (e) {
    if (e instanceof ApiError) {
      const field = e.fields && Object.keys(e.fields)[0] === "postcode" ? "near" : (e.fields && Object.keys(e.fields)[0]) || "near";
      return json({ search, values, errors: { [field]: e.message }, result: null, attribution: null }, { status: e.status });
    }
    throw e;
  }
  const attribution = await attributionFor(
    ctx.db,
    result.results.map((r) => r.id),
    { postcodes: result.origin?.precision === "district" || result.origin?.precision === "unit" || result.origin?.precision === "place" },
  );
  return json({ search, values, errors: null, result, attribution });
}

type LoaderData = ReturnType<typeof useLoaderData<typeof loader>>;

function FieldError({ id, message }: { id: string; message?: string }) {
  if (!message) return null;
  return (
    <span className="error-message" id={`${id}-error`}>
      <span className="visually-hidden">Error:</span> {message}
    </span>
  );
}

const FIELD_LABELS = SEARCH_PARAM_LABELS;

function fieldId(name: string) {
  return `f-${name}`;
}

function SearchForm({ data }: { data: LoaderData }) {
  const { values, errors } = data;
  const facets = data.result?.facets;
  const navigation = useNavigation();
  const busy = navigation.state === "loading" && navigation.location?.pathname === "/";
  const err = (errors ?? {}) as Record<string, string>;
  const filtersOpen =
    values.kind.length > 0 || !!values.category || values.access.length > 0 || values.free || values.open_now || !!values.time_credits || !!values.age;
  return (
    <Form method="get" action="/" className="search-form" role="search" aria-label="Find local support">
      <div className="field-row">
        <div className={`field${err.q ? " field-error" : ""}`}>
          <label htmlFor={fieldId("q")}>What are you looking for?</label>
          <span className="hint" id="q-hint">
            For example: football, food bank, library, music
          </span>
          <FieldError id={fieldId("q")} message={err.q} />
          <input
            type="search"
            id={fieldId("q")}
            name="q"
            defaultValue={values.q}
            maxLength={200}
            autoComplete="off"
            aria-describedby={`q-hint${err.q ? ` ${fieldId("q")}-error` : ""}`}
          />
        </div>
        <div className={`field${err.near ? " field-error" : ""}`}>
          <label htmlFor={fieldId("near")}>Near (postcode or place)</label>
          <span className="hint" id="near-hint">
            For example: M33 7XX, or Sale
          </span>
          <FieldError id={fieldId("near")} message={err.near} />
          <input
            type="text"
            id={fieldId("near")}
            name="near"
            defaultValue={values.near}
            maxLength={100}
            autoComplete="postal-code"
            aria-invalid={err.near ? true : undefined}
            aria-describedby={`near-hint${err.near ? ` ${fieldId("near")}-error` : ""}`}
          />
        </div>
        <div className={`field narrow${err.radius_km ? " field-error" : ""}`}>
          <label htmlFor={fieldId("radius_km")}>Within</label>
          <FieldError id={fieldId("radius_km")} message={err.radius_km} />
          <select id={fieldId("radius_km")} name="radius_km" defaultValue={values.radius_km || "5"}>
            {RADII.map((r) => (
              <option key={r} value={r}>
                {r} km ({(r * 0.621).toFixed(r < 5 ? 1 : 0)} miles)
              </option>
            ))}
          </select>
        </div>
      </div>
      <details className="filters" open={filtersOpen || undefined}>
        <summary>Filters: kind, category, accessibility, cost, opening times, age</summary>
        <div className="filter-groups">
          <fieldset>
            <legend>Kind of place</legend>
            <FieldError id={fieldId("kind")} message={err.kind} />
            {KINDS.map((k) => (
              <label className="check" key={k}>
                <input type="checkbox" name="kind" value={k} defaultChecked={values.kind.includes(k)} />
                <span>
                  {KIND_LABELS[k]} {facets ? <span className="count">({facets.kind[k] ?? 0})</span> : null}
                </span>
              </label>
            ))}
          </fieldset>
          <fieldset>
            <legend>Accessibility</legend>
            <span className="hint">Show places with any of these</span>
            <FieldError id={fieldId("access")} message={err.access} />
            {ACCESS_FEATURES.map((a) => (
              <label className="check" key={a}>
                <input type="checkbox" name="access" value={a} defaultChecked={values.access.includes(a)} />
                <span>
                  {ACCESS_LABELS[a]}
                  {a === "changing_places" ? <span className="hint">On site or within 1 km</span> : null}
                </span>
              </label>
            ))}
          </fieldset>
          <div>
            <div className={`field${err.category ? " field-error" : ""}`}>
              <label htmlFor={fieldId("category")}>Category</label>
              <FieldError id={fieldId("category")} message={err.category} />
              <select id={fieldId("category")} name="category" defaultValue={values.category}>
                <option value="">Any category</option>
                {CATEGORIES.filter((c) => !c.parent).map((parent) => (
                  <optgroup key={parent.code} label={parent.label}>
                    <option value={parent.code}>
                      All {parent.label.toLowerCase()}
                      {facets ? ` (${facets.category[parent.code] ?? 0})` : ""}
                    </option>
                    {CATEGORIES.filter((c) => c.parent === parent.code).map((c) => (
                      <option key={c.code} value={c.code}>
                        {c.label}
                        {facets ? ` (${facets.category[c.code] ?? 0})` : ""}
                      </option>
                    ))}
                  </optgroup>
                ))}
              </select>
            </div>
            <fieldset>
              <legend>Cost and times</legend>
              <label className="check">
                <input type="checkbox" name="free" value="1" defaultChecked={values.free} />
                <span>Free only</span>
              </label>
              <label className="check">
                <input type="checkbox" name="open_now" value="1" defaultChecked={values.open_now} />
                <span>Open now</span>
              </label>
            </fieldset>
            <div className={`field${err.time_credits ? " field-error" : ""}`}>
              <label htmlFor={fieldId("time_credits")}>Time credits</label>
              <FieldError id={fieldId("time_credits")} message={err.time_credits} />
              <select id={fieldId("time_credits")} name="time_credits" defaultValue={values.time_credits}>
                <option value="">Any</option>
                <option value="earn">Places to earn time credits</option>
                <option value="spend">Places to spend time credits</option>
              </select>
            </div>
            <div className={`field narrow${err.age ? " field-error" : ""}`}>
              <label htmlFor={fieldId("age")}>Age of the person</label>
              <span className="hint" id="age-hint">
                In years
              </span>
              <FieldError id={fieldId("age")} message={err.age} />
              <input
                type="number"
                inputMode="numeric"
                min={0}
                max={120}
                id={fieldId("age")}
                name="age"
                defaultValue={values.age}
                aria-describedby={`age-hint${err.age ? ` ${fieldId("age")}-error` : ""}`}
              />
            </div>
          </div>
        </div>
      </details>
      <div className="form-actions">
        <button type="submit">{busy ? "Searching…" : "Search"}</button>
        <a href="/">Clear search</a>
      </div>
    </Form>
  );
}

function ResultItem({ hit }: { hit: SearchHit }) {
  return (
    <li className="result">
      <h3>
        <a href={hit.url}>{hit.name}</a>
      </h3>
      <p className="result-meta">
        {KIND_LABELS[hit.kind as Kind] ?? hit.kind}
        {hit.distance_km !== undefined ? ` · ${formatDistance(hit.distance_km)} away` : ""}
        {hit.categories.length ? ` · ${hit.categories.map(categoryLabel).join(", ")}` : ""}
      </p>
      {hit.summary ? <p>{hit.summary}</p> : null}
      <ul className="tags" aria-label="Key facts">
        {hit.is_example ? <li className="tag tag-example">Example listing</li> : null}
        {hit.open_now === true ? <li className="tag tag-open">Open now</li> : null}
        {hit.open_now === false ? <li className="tag tag-closed">Closed now</li> : null}
        {hit.access.map((a) => (
          <li className="tag" key={a}>
            {ACCESS_LABELS[a as keyof typeof ACCESS_LABELS] ?? a}
          </li>
        ))}
      </ul>
    </li>
  );
}

function Pagination({ total, page, limit, search }: { total: number; page: number; limit: number; search: string }) {
  const pages = Math.ceil(total / limit);
  if (pages <= 1) return null;
  const href = (n: number) => {
    const p = new URLSearchParams(search);
    p.set("page", String(n));
    return `/?${p.toString()}`;
  };
  return (
    <nav className="pagination" aria-label="Pages of results">
      {page > 1 ? <a href={href(page - 1)}>Previous page</a> : null}
      <span>
        Page {page} of {pages}
      </span>
      {page < pages ? <a href={href(page + 1)}>Next page</a> : null}
    </nav>
  );
}

/** The query string the map uses for /api/clusters and /api/search (filters, no paging). */
function apiFilters(search: string, origin?: { lat: number; lng: number } | null): string {
  const p = new URLSearchParams(search);
  const out = new URLSearchParams();
  for (const { param: key } of SEARCH_FILTERS) {
    for (const v of p.getAll(key)) if (v) out.append(key, v);
  }
  if (origin) {
    out.set("lat", origin.lat.toFixed(6));
    out.set("lng", origin.lng.toFixed(6));
    out.set("radius_km", p.get("radius_km") || "5");
  }
  return out.toString();
}

export default function Index() {
  const data = useLoaderData<typeof loader>();
  const root = useRootData();
  const hydrated = useHydrated();
  const search = data.search;
  const [followMap, setFollowMap] = useState(true);
  const [mapHits, setMapHits] = useState<{ total: number; results: SearchHit[] } | null>(null);
  const [announce, setAnnounce] = useState("");
  const requestSeq = useRef(0);
  useEffect(() => {
    setMapHits(null);
  }, [data]);

  const result = data.result;
  const errors = data.errors as Record<string, string> | null;
  const origin = result?.origin ?? null;
  const filters = apiFilters(search, origin);

  const onView = useCallback(
    async (view: MapView) => {
      if (!followMap || !view.byUser) return;
      const seq = ++requestSeq.current;
      const p = new URLSearchParams(filters);
      p.delete("radius_km");
      if (origin) p.set("radius_km", "200");
      p.set("bbox", view.bbox.map((n) => n.toFixed(5)).join(","));
      p.set("limit", "50");
      try {
        const res = await fetch(`/api/search?${p.toString()}`);
        if (!res.ok || seq !== requestSeq.current) return;
        const body = (await res.json()) as { total: number; results: SearchHit[] };
        setMapHits(body);
        setAnnounce(`List updated: ${body.total} ${body.total === 1 ? "place" : "places"} in the map area.`);
      } catch {
        /* keep the list as it was */
      }
    },
    [followMap, filters, origin],
  );

  const listed = mapHits ?? (result ? { total: result.total, results: result.results } : null);
  const limit = 20;
  return (
    <>
      <h1>Find local support and activities</h1>
      <p className="lead">
        Groups, clubs, services, places and Changing Places toilets near you in Trafford and Greater Manchester. Search by
        postcode or place, and by what you are looking for.
      </p>
      {errors ? (
        <div className="error-summary" role="alert" aria-labelledby="error-summary-title" tabIndex={-1}>
          <h2 id="error-summary-title">There is a problem</h2>
          <ul>
            {Object.entries(errors).map(([k, v]) => (
              <li key={k}>
                <a href={`#${fieldId(k)}`} onClick={focusField}>
                  {FIELD_LABELS[k] ?? k}: {v}
                </a>
              </li>
            ))}
          </ul>
        </div>
      ) : null}
      <SearchForm data={data} />
      {result ? (
        <div className={`results-layout${hydrated ? " with-map" : ""}`}>
          <section aria-labelledby="results-title">
            <h2 id="results-title">Results</h2>
            <p className="results-summary" aria-live="polite">
              {mapHits
                ? `${mapHits.total} ${mapHits.total === 1 ? "place" : "places"} in the map area`
                : `${result.total} ${result.total === 1 ? "result" : "results"}${origin ? ` within ${data.values.radius_km || 5} km of ${origin.label}` : ""}${
                    data.values.q ? ` for “${data.values.q}”` : ""
                  }${origin ? ", nearest first" : ""}`}
              {origin?.precision === "district" ? (
                <span className="hint">Distances are from the centre of the {origin.label.split(" ")[0]} postcode area.</span>
              ) : null}
            </p>
            {result.corrections ? (
              <p>
                Also showing results for{" "}
                {Object.entries(result.corrections)
                  .map(([from, to]) => `“${to}” (you typed “${from}”)`)
                  .join(", ")}
                .
              </p>
            ) : null}
            {mapHits ? (
              <p>
                <button type="button" className="secondary" onClick={() => setMapHits(null)}>
                  Show my search results again
                </button>
              </p>
            ) : null}
            {listed && listed.results.length ? (
              <ol className="result-list">
                {listed.results.map((hit) => (
                  <ResultItem key={hit.id} hit={hit} />
                ))}
              </ol>
            ) : (
              <p>
                Nothing matches this search. Try a wider distance, fewer filters or other words.
              </p>
            )}
            {!mapHits ? <Pagination total={result.total} page={result.page} limit={limit} search={search} /> : null}
          </section>
          {hydrated && root ? (
            <section className="map-panel" aria-labelledby="map-title">
              <h2 id="map-title">Map</h2>
              <p className="map-note" id="map-note">
                The map shows the same results as the list. Numbers are groups of places: select one to zoom in.
              </p>
              <label className="check">
                <input type="checkbox" checked={followMap} onChange={(e) => setFollowMap(e.target.checked)} />
                <span>Update the list when I move the map</span>
              </label>
              <Suspense fallback={<div className="map">Loading the map…</div>}>
                <ResultsMap
                  tileUrl={root.tileUrl}
                  tileAttribution={root.tileAttribution}
                  filters={filters}
                  origin={origin}
                  radiusKm={Number(data.values.radius_km || 5)}
                  onView={onView}
                />
              </Suspense>
              <p className="visually-hidden" aria-live="polite">
                {announce}
              </p>
            </section>
          ) : null}
        </div>
      ) : null}
      {data.attribution ? <Attribution lines={data.attribution.lines} extra={data.attribution.extra} /> : null}
    </>
  );
}
